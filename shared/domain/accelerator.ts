// Electron accelerators ("CommandOrControl+Shift+R") as the record shortcut setting accepts them. Pure, so the
// settings schema, the policy validator and the Settings page all judge a shortcut the same way before the
// Electron shell ever tries to register it (https://www.electronjs.org/docs/latest/api/accelerator).
//
// Grammar: zero or more modifiers and exactly one key code, joined by "+", case-insensitive. On top of
// Electron's grammar, a *global* shortcut must not take a key from every other application: it needs a
// modifier other than Shift, unless the key is a function or media key.

const MODIFIERS = new Map<string, string>([
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Super'],
]);

const NAMED_KEYS = [
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const MEDIA_KEYS = ['volumeup', 'volumedown', 'volumemute', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause'];
// Electron's documented punctuation, without "+" (it is the separator: the key is spelled "Plus").
const PUNCTUATION = new Set([...')!@#$%^&*(:;=<,_->.?/~`{][|\\}"']);

/** The longest accelerator the setting stores. */
export const MAX_ACCELERATOR_LENGTH = 100;

export const DEFAULT_RECORD_SHORTCUT = 'CommandOrControl+Shift+R';

type KeyKind = 'function' | 'media' | 'other';

function keyKind(token: string): KeyKind | null {
  const lower = token.toLowerCase();
  if (/^f([1-9]|1[0-9]|2[0-4])$/.test(lower)) return 'function';
  if (MEDIA_KEYS.includes(lower)) return 'media';
  if (/^[a-z0-9]$/.test(lower) || /^num[0-9]$/.test(lower) || NAMED_KEYS.includes(lower)) return 'other';
  if (token.length === 1 && PUNCTUATION.has(token)) return 'other';
  return null;
}

/**
 * Null when `value` is an acceptable global shortcut, or "" (no shortcut); otherwise what is wrong with it,
 * in words the Settings page and an IT policy error can show as they are.
 */
export function validateAccelerator(value: string): string | null {
  if (value === '') return null;
  if (value.length > MAX_ACCELERATOR_LENGTH) return `a shortcut is at most ${MAX_ACCELERATOR_LENGTH} characters`;
  if (/\s/.test(value)) return 'a shortcut has no spaces: join its keys with "+", e.g. CommandOrControl+Shift+R (the space bar is "Space")';
  const tokens = value.split('+');
  if (tokens.some((t) => t === '')) return 'a shortcut joins its keys with single "+" signs, and the plus key itself is spelled "Plus"';
  const key = tokens[tokens.length - 1]!;
  const modifiers = tokens.slice(0, -1);
  const seen = new Set<string>();
  for (const modifier of modifiers) {
    const name = MODIFIERS.get(modifier.toLowerCase());
    if (!name) {
      return keyKind(modifier)
        ? `"${modifier}" is a key, not a modifier: a shortcut has one key, last, after its modifiers`
        : `"${modifier}" is not a modifier (use CommandOrControl, Control, Command, Alt, AltGr, Shift or Super)`;
    }
    if (seen.has(name)) return `"${modifier}" repeats a modifier`;
    seen.add(name);
  }
  if (MODIFIERS.has(key.toLowerCase())) return 'a shortcut needs a key after its modifiers, e.g. CommandOrControl+Shift+R';
  const kind = keyKind(key);
  if (!kind) return `"${key}" is not a key Electron knows (A–Z, 0–9, F1–F24, Space, Up, PageDown, punctuation, …)`;
  const needsModifier = kind === 'other' && ![...seen].some((name) => name !== 'Shift');
  if (needsModifier) {
    return `"${value}" would take that key from every other application: add CommandOrControl, Alt or Super (or use F1–F24)`;
  }
  return null;
}
