// Object keys from a profile's template, e.g. {profile}/{yyyy}/{mm}/{dd}/{recordingId}/{artifact}. The date
// is the recording's creation time in UTC, so a key never depends on when (or where) the delivery runs.
// Pure, and shared: the delivery renders real keys with it and the Destinations page renders its live
// example with the very same code, so the example cannot drift from what is uploaded.
import { KEY_TEMPLATE_PLACEHOLDERS } from './profile';

export interface KeyFacts {
  profile: string;
  recordingId: string;
  sessionId: string | null;
  /** The ticket reference (shared/domain/ticket.ts: already safe in a key), or null: "no-ticket". */
  ticket?: string | null;
  /** When the recording was created (ISO); the key's date folders come from it, in UTC. */
  recordedAt: string;
  artifact: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN = new Set<string>(KEY_TEMPLATE_PLACEHOLDERS);

/** Null when the template is usable; otherwise what is wrong with it. */
export function validateKeyTemplate(template: string): string | null {
  if (template.startsWith('/')) return 'a key must not start with "/"';
  if (/\/\//.test(template)) return 'a key must not contain an empty folder ("//")';
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const unknown = names.find((n) => !KNOWN.has(n));
  if (unknown !== undefined) return `unknown placeholder {${unknown}}; use ${KEY_TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
  if (template.replace(PLACEHOLDER, '').match(/[{}]/)) return 'unbalanced braces';
  if (!names.includes('recordingId') || !names.includes('artifact')) return 'it must contain {recordingId} and {artifact}, so every object has its own key';
  if (template.split('/').some((segment) => segment === '..' || segment === '.')) return 'a key must not contain "." or ".." folders';
  return null;
}

export function renderKey(template: string, facts: KeyFacts): string {
  const at = new Date(facts.recordedAt);
  if (Number.isNaN(at.getTime())) throw new Error(`not a time: ${facts.recordedAt}`);
  const pad = (n: number) => String(n).padStart(2, '0');
  const values: Record<string, string> = {
    profile: facts.profile,
    yyyy: String(at.getUTCFullYear()),
    mm: pad(at.getUTCMonth() + 1),
    dd: pad(at.getUTCDate()),
    hh: pad(at.getUTCHours()),
    recordingId: facts.recordingId,
    sessionId: safeSegment(facts.sessionId ?? 'no-session'),
    ticket: safeSegment(facts.ticket ?? 'no-ticket'),
    artifact: facts.artifact,
  };
  return template.replace(PLACEHOLDER, (_m, name: string) => values[name] ?? '');
}

/** A value from outside (a session id, a ticket) may not add folders or climb out of its own. */
function safeSegment(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

/** A made-up recording id for the example key: the shape of a real one, never a real one. */
export const EXAMPLE_RECORDING_ID = 'rec_example0001';

/**
 * The key the MP4 of a recording made at `at` would get under `template`, or what is wrong with the
 * template. What the Destinations page shows as the user types.
 */
export const EXAMPLE_TICKET = 'INC0012345';

export function exampleKey(template: string, profile: string, at: Date, artifact = 'recording.mp4'): { ok: true; key: string } | { ok: false; problem: string } {
  const problem = validateKeyTemplate(template);
  if (problem) return { ok: false, problem };
  return { ok: true, key: renderKey(template, { profile, recordingId: EXAMPLE_RECORDING_ID, sessionId: null, ticket: EXAMPLE_TICKET, recordedAt: at.toISOString(), artifact }) };
}
