// The environment a child process (ffmpeg, ffprobe, reg, icacls …) gets: ours minus every variable that
// holds a secret. Children never need S3 credentials, and a child's environment is readable by anything
// running as the same user for as long as the child lives (/proc/PID/environ, Process Explorer), and
// ends up in crash reports. One function, used by every spawn in main/.
//
// Dropped: AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; any FIELDTAPE_* variable whose name contains
// SECRET; every variable a profile names as its secret source (registered when profiles are loaded, saved
// or resolved); and any variable whose value is a registered secret, whatever its name.
import { isRegisteredSecret } from './redact';

export const ALWAYS_SECRET_VARIABLES: readonly string[] = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
const FIELDTAPE_SECRET = /^FIELDTAPE_.*SECRET/i;

/** Names of variables profiles read their secrets from (shared like the redactor's registry). */
const secretVariableNames = new Set<string>();

export function registerSecretVariable(name: string): void {
  secretVariableNames.add(name);
}

export function isSecretVariable(name: string, value: string | undefined): boolean {
  // Windows environment names are case-insensitive.
  const upper = name.toUpperCase();
  if (ALWAYS_SECRET_VARIABLES.includes(upper) || FIELDTAPE_SECRET.test(name)) return true;
  for (const registered of secretVariableNames) if (registered.toUpperCase() === upper) return true;
  return value !== undefined && value.length > 0 && isRegisteredSecret(value);
}

/** A copy of `env` (default: this process's) without the secret variables, plus `extra`. */
export function childEnv(env: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!isSecretVariable(name, value)) out[name] = value;
  return { ...out, ...extra };
}
