// The IT-managed policy in effect: found once at start (a change takes effect at the next start), then
// read by settings, capture, delivery profiles, retention, consent and the updater.
//
// All or nothing: the first machine-wide source that exists is the policy. If it cannot be read or does
// not validate, it is reported (log, app.notice, `fieldtape doctor`) and NOTHING of it applies; a lower
// source is not consulted instead, because that would apply a policy IT did not choose.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { SETTINGS_DEFAULTS, type SettingKey, type Settings } from '../../../shared/domain/settings';
import type { PolicyStatus } from '../../../shared/domain/policy-status';
import { RETENTION_SETTINGS, validatePolicyDocument, type Policy, type PolicyUpdates } from './policy-schema';
import { childEnv } from '../secrets/child-env';
import { machinePolicySources, readPolicySource, resolveProgramData, type PolicyReadDeps, type PolicySource } from './policy-sources';
import type { SettingsStore } from '../store/settings-store';

export type PolicyState =
  | { status: 'none'; checked: PolicySource[]; warnings: string[] }
  | { status: 'valid'; source: PolicySource; policy: Policy; warnings: string[] }
  | { status: 'invalid'; source: PolicySource; errors: string[]; warnings: string[] };

/**
 * Tests and development: a policy file used only when the machine has no policy of its own. Installed
 * (packaged) builds ignore it: a user's environment never decides the policy of an installed app.
 */
export const POLICY_FILE_ENV = 'FIELDTAPE_POLICY_FILE';

export const NO_POLICY: PolicyState = { status: 'none', checked: [], warnings: [] };

export interface LoadPolicyOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  deps?: PolicyReadDeps;
  /** Overrides the platform's machine-wide sources (tests). */
  sources?: PolicySource[];
  /**
   * Whether this is an installed build, as the host knows it (Electron: app.isPackaged; the CLI and the
   * web shell run from a checkout: false). Packaged builds read only the machine's own locations.
   */
  packaged?: boolean;
}

/** Never throws: whatever goes wrong becomes an invalid state the user and IT can read. */
export function loadPolicy(options: LoadPolicyOptions = {}): PolicyState {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const deps = options.deps ?? nodePolicyReadDeps(env);
  const notes: string[] = [];
  let machine = options.sources;
  if (!machine) {
    const programData = platform === 'win32' ? resolveProgramData(deps) : null;
    if (programData?.note) notes.push(programData.note);
    machine = machinePolicySources(platform, programData ?? undefined);
  }
  const override = env[POLICY_FILE_ENV]?.trim();
  if (override && options.packaged === true) {
    notes.push(`${POLICY_FILE_ENV} is set (${override}) but ignored: an installed Fieldtape reads its policy only from the machine's own locations`);
  }
  const useOverride = Boolean(override) && options.packaged !== true;
  const candidates: PolicySource[] = [...machine, ...(useOverride && override ? [{ kind: 'override-file' as const, location: override }] : [])];
  const state = firstPolicy(candidates, deps);
  return notes.length === 0 ? state : { ...state, warnings: [...notes, ...state.warnings] };
}

function firstPolicy(candidates: PolicySource[], deps: PolicyReadDeps): PolicyState {
  for (const [index, source] of candidates.entries()) {
    const read = readPolicySource(source, deps);
    if (!read.found) {
      if (source.kind === 'override-file') {
        return { status: 'invalid', source, errors: [`${POLICY_FILE_ENV} names ${source.location}, which does not exist`], warnings: [] };
      }
      continue;
    }
    const warnings = candidates
      .slice(index + 1)
      .filter((lower) => lower.kind === 'override-file' || readPolicySource(lower, deps).found)
      .map((lower) => `${describeSource(lower)} was ignored: ${describeSource(source)} takes precedence`);
    if ('error' in read) return { status: 'invalid', source, errors: [`${describeSource(source)} ${read.error}`], warnings };
    const validation = validatePolicyDocument(read.document);
    if (!validation.ok) return { status: 'invalid', source, errors: validation.errors, warnings };
    return { status: 'valid', source, policy: validation.policy, warnings: [...warnings, ...validation.warnings] };
  }
  return { status: 'none', checked: candidates, warnings: [] };
}

const missing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export function nodePolicyReadDeps(env: NodeJS.ProcessEnv = process.env): PolicyReadDeps {
  // Windows sets SystemRoot for every process; only a plain drive path is taken (never a share or a relative path).
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT;
  return {
    ...(systemRoot && /^[A-Za-z]:\\[^"%]*$/.test(systemRoot) ? { systemRoot } : {}),
    readFile(file) {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    readOwnedFile(file) {
      let fd: number;
      try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
      } catch (error) {
        if (missing(error)) return null;
        if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new Error('is a symbolic link; put the policy file itself there');
        throw error;
      }
      try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) throw new Error('is not a regular file');
        return { text: fs.readFileSync(fd, 'utf8'), uid: stat.uid, mode: stat.mode };
      } finally {
        fs.closeSync(fd);
      }
    },
    run(command, args) {
      const r = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000, windowsHide: true, shell: false, env: childEnv() });
      if (r.error) return { status: null, stdout: '', stderr: r.error.message };
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

export function describeSource(source: PolicySource): string {
  switch (source.kind) {
    case 'registry':
      return `the registry key ${source.location}`;
    case 'managed-preferences':
      return `the configuration profile ${source.location}`;
    case 'override-file':
      return `the policy file ${source.location} (${POLICY_FILE_ENV})`;
    case 'file':
      return `the policy file ${source.location}`;
  }
}

const applied = (state: PolicyState): Policy | null => (state.status === 'valid' ? state.policy : null);

// ---------------------------------------------------------------------------------------------------
// Settings: a locked value overrides the user's, and cannot be changed.

export function managedSettingValues(state: PolicyState): Partial<Settings> {
  const policy = applied(state);
  if (!policy) return {};
  const values: Partial<Settings> = { ...policy.settings };
  for (const [key, setting] of Object.entries(RETENTION_SETTINGS) as Array<[keyof typeof RETENTION_SETTINGS, (typeof RETENTION_SETTINGS)[keyof typeof RETENTION_SETTINGS]]>) {
    const value = policy.retention?.[key];
    if (value !== undefined) values[setting] = value;
  }
  return values;
}

/** Locked setting keys, in the order Settings shows them. */
export function managedSettingKeys(state: PolicyState): SettingKey[] {
  const values = managedSettingValues(state);
  return (Object.keys(SETTINGS_DEFAULTS) as SettingKey[]).filter((key) => values[key] !== undefined);
}

/** The settings store seen through the policy: reads return locked values, writes to them are refused. */
export function withManagedSettings(store: SettingsStore, state: PolicyState): SettingsStore {
  const locked = managedSettingValues(state);
  const overlay = (values: Settings): Settings => ({ ...values, ...locked });
  return {
    get: () => overlay(store.get()),
    set: (key, value) => overlay(store.set(key, value)),
  };
}

export function isManagedSetting(state: PolicyState): (key: SettingKey) => boolean {
  const keys = new Set(managedSettingKeys(state));
  return (key) => keys.has(key);
}

// ---------------------------------------------------------------------------------------------------
// The other policy areas, for the code that owns them.

export function policyRequiresConsent(state: PolicyState): boolean | null {
  return applied(state)?.requireConsent ?? null;
}

export function policyRetention(state: PolicyState): NonNullable<Policy['retention']> {
  return { ...applied(state)?.retention };
}

export function policyUpdates(state: PolicyState): PolicyUpdates | null {
  return applied(state)?.updates ?? null;
}

/** Dotted names of everything the policy locks, for display. */
export function lockedPolicyKeys(state: PolicyState): string[] {
  const policy = applied(state);
  if (!policy) return [];
  const keys: string[] = [];
  for (const profile of policy.profiles ?? []) keys.push(`profiles.${profile.name}`);
  if (policy.defaultProfile !== undefined) keys.push('defaultProfile');
  if (policy.allowUserProfiles !== undefined) keys.push('allowUserProfiles');
  for (const key of Object.keys(policy.retention ?? {})) keys.push(`retention.${key}`);
  if (policy.requireConsent !== undefined) keys.push('requireConsent');
  if (policy.allowedCaptureSources !== undefined) keys.push('allowedCaptureSources');
  for (const key of Object.keys(policy.updates ?? {})) keys.push(`updates.${key}`);
  for (const key of Object.keys(policy.settings ?? {})) keys.push(`settings.${key}`);
  return keys;
}

// ---------------------------------------------------------------------------------------------------
// Reporting.

export function policyStatus(state: PolicyState): PolicyStatus {
  return {
    status: state.status,
    source: state.status === 'none' ? null : { kind: state.source.kind, location: state.source.location },
    errors: state.status === 'invalid' ? state.errors : [],
    warnings: state.warnings,
    managed: managedSettingKeys(state),
    locked: lockedPolicyKeys(state),
    allowedCaptureSources: state.status === 'valid' && state.policy.allowedCaptureSources ? [...state.policy.allowedCaptureSources] : null,
  };
}

/** What the user must be told at start, if anything. */
export function policyNotice(state: PolicyState): { level: 'warning' | 'error'; message: string } | null {
  if (state.status !== 'invalid') return null;
  return {
    level: 'error',
    message:
      `Your organisation's Fieldtape policy (${describeSource(state.source)}) is invalid, so none of it is applied ` +
      `and automatic updates are paused: ${state.errors.join('; ')}. Ask IT to fix it; \`fieldtape doctor\` shows the details.`,
  };
}

/** Human lines for `fieldtape doctor` and the diagnostics bundle. */
export function describePolicyState(state: PolicyState): string[] {
  const lines: string[] = [];
  switch (state.status) {
    case 'none':
      lines.push('policy:   none (no machine-wide policy; every setting is the user\'s)');
      break;
    case 'valid': {
      const locked = lockedPolicyKeys(state);
      lines.push(`policy:   applied from ${describeSource(state.source)}`);
      lines.push(`  locks:    ${locked.length > 0 ? locked.join(', ') : 'nothing (the policy is empty)'}`);
      break;
    }
    case 'invalid':
      lines.push(`policy:   INVALID, not applied: ${describeSource(state.source)}`);
      for (const error of state.errors) lines.push(`  error:    ${error}`);
      break;
  }
  for (const warning of state.warnings) lines.push(`  warning:  ${warning}`);
  return lines;
}

/** One log line at start, so support sees in the log which policy the app ran under. */
export function logPolicyState(log: { info(m: string, f?: Record<string, unknown>): void; error(m: string, f?: Record<string, unknown>): void }, state: PolicyState): void {
  const status = policyStatus(state);
  if (state.status === 'invalid') log.error('policy invalid: not applied', { source: status.source, errors: status.errors, warnings: status.warnings });
  else log.info(state.status === 'valid' ? 'policy applied' : 'no policy', { source: status.source, locked: status.locked, warnings: status.warnings });
}
