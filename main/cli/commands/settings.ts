import { SettingKeySchema } from '../../../shared/domain/settings';
import { type EngineCommand, UsageError } from '../command';

export const settingsCommand: EngineCommand = {
  name: 'settings',
  usage: 'fieldtape settings get [KEY] [--json] | fieldtape settings set KEY VALUE [--json]',
  summary: 'show or change settings (the same ones the app shows)',
  needsEngine: true,
  async run(args, io, engine) {
    const [verb, key, rawValue] = args;
    const result =
      verb === 'get'
        ? await engine.dispatch('settings.get', {}, cliContext())
        : verb === 'set'
          ? await engine.dispatch('settings.set', { key, value: coerce(key, rawValue) }, cliContext())
          : null;
    if (result === null) throw new UsageError(`unknown settings verb "${verb ?? ''}"`);
    if (!result.ok) {
      io.say(result.error.message);
      return 2;
    }
    const view = result.value as { values: Record<string, unknown> };
    if (verb === 'get' && key) {
      if (!SettingKeySchema.safeParse(key).success) throw new UsageError(`unknown setting "${key}"`);
      io.result(view.values[key], String(view.values[key]));
    } else {
      io.result(view.values, Object.entries(view.values).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n'));
    }
    return 0;
  },
};

/** Command-line values are strings; numeric settings get numbers, everything else stays text. */
function coerce(key: string | undefined, raw: string | undefined): unknown {
  if (key === undefined || raw === undefined) throw new UsageError('usage: fieldtape settings set KEY VALUE');
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

function cliContext() {
  return { host: 'cli' as const, signal: new AbortController().signal };
}
