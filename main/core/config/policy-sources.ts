// Where a machine-wide policy can come from, and how each source becomes a plain document for
// policy-schema.ts. Reading is injected (file reads and child processes), so every parser here is tested
// on any OS; the real `reg`, `icacls` and `plutil` run only on their own platforms.
//
// Only locations a standard user cannot write count: HKLM, then a ProgramData file on Windows (the folder
// from the Known Folder registration in HKLM, never the user's ProgramData variable; Windows tools by
// absolute path under %SystemRoot%\System32, never one found on PATH), /Library on macOS, /etc on Linux.
// Files are also checked for their owner and permissions (policy-file-trust.ts) before they are read.
import path from 'node:path';
import { posixOwnerProblem, windowsAclProblem } from './policy-file-trust';

export type PolicySourceKind = 'registry' | 'managed-preferences' | 'file' | 'override-file';

export interface PolicySource {
  kind: PolicySourceKind;
  /** A path, or a registry key. */
  location: string;
  /** How the file's owner and permissions are checked before it is trusted (machine files only). */
  protection?: 'posix-root' | 'windows-admin';
}

export interface PolicyReadDeps {
  /** File contents, or null when the file does not exist. Other failures throw. */
  readFile(file: string): string | null;
  /** Contents plus owner and mode, read through one open file (so the checked file is the read one); null when absent. */
  readOwnedFile?(file: string): { text: string; uid: number; mode: number } | null;
  /** Runs a program to completion (no shell). */
  run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string };
  /** Windows' folder (C:\Windows); its System32 holds the tools run here. */
  systemRoot?: string;
}

/** What one source held: nothing, a document to validate, or a reason it could not be read. */
export type SourceRead = { found: false } | { found: true; document: unknown } | { found: true; error: string };

export const REGISTRY_KEY = 'HKLM\\Software\\Policies\\Fieldtape';
export const MAC_MANAGED_PREFERENCES = '/Library/Managed Preferences/app.fieldtape.desktop.plist';
export const MAC_POLICY_FILE = '/Library/Application Support/Fieldtape/policy.json';
export const LINUX_POLICY_FILE = '/etc/fieldtape/policy.json';
/** One value holding the whole document as JSON, for the registry and configuration profiles alike. */
export const WHOLE_DOCUMENT_VALUE = 'PolicyJson';

export const DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';
export const DEFAULT_SYSTEM_ROOT = 'C:\\Windows';
/** Where Windows registers the ProgramData known folder (FOLDERID_ProgramData) for every user. */
export const SHELL_FOLDERS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders';
export const COMMON_APPDATA_VALUE = 'Common AppData';

/** Machine-wide sources for a platform, highest precedence first. Users cannot write any of them. */
export function machinePolicySources(platform: NodeJS.Platform, folders: { programData: string } = { programData: DEFAULT_PROGRAM_DATA }): PolicySource[] {
  switch (platform) {
    case 'win32':
      return [
        { kind: 'registry', location: REGISTRY_KEY },
        { kind: 'file', location: path.win32.join(folders.programData, 'Fieldtape', 'policy.json'), protection: 'windows-admin' },
      ];
    case 'darwin':
      return [
        { kind: 'managed-preferences', location: MAC_MANAGED_PREFERENCES },
        { kind: 'file', location: MAC_POLICY_FILE, protection: 'posix-root' },
      ];
    default:
      return [{ kind: 'file', location: LINUX_POLICY_FILE, protection: 'posix-root' }];
  }
}

/** A tool in %SystemRoot%\System32 by its absolute path. */
export function windowsTool(deps: Pick<PolicyReadDeps, 'systemRoot'>, relative: string): string {
  return path.win32.join(deps.systemRoot ?? DEFAULT_SYSTEM_ROOT, 'System32', relative);
}

/**
 * The ProgramData folder as Windows registers it machine-wide (what SHGetKnownFolderPath returns),
 * read with reg.exe by absolute path. The user's own ProgramData variable is never consulted.
 */
export function resolveProgramData(deps: PolicyReadDeps): { programData: string; note: string | null } {
  const r = deps.run(windowsTool(deps, 'reg.exe'), ['query', SHELL_FOLDERS_KEY, '/v', COMMON_APPDATA_VALUE, '/reg:64']);
  const value = r.status === 0 ? parseRegQueryOutput(r.stdout, SHELL_FOLDERS_KEY).values.find((v) => v.name.toLowerCase() === COMMON_APPDATA_VALUE.toLowerCase()) : undefined;
  if (value && /^[A-Za-z]:\\/.test(value.data.trim())) return { programData: value.data.trim(), note: null };
  return {
    programData: DEFAULT_PROGRAM_DATA,
    note: `the ProgramData folder could not be read from ${SHELL_FOLDERS_KEY} (${r.stderr.trim() || `exit ${r.status}`}); ${DEFAULT_PROGRAM_DATA} was used`,
  };
}

export function readPolicySource(source: PolicySource, deps: PolicyReadDeps): SourceRead {
  try {
    switch (source.kind) {
      case 'file':
      case 'override-file':
        return source.protection ? readProtectedJsonFile(source.location, source.protection, deps) : readJsonFile(source.location, deps);
      case 'registry':
        return readRegistry(source.location, deps);
      case 'managed-preferences':
        return readManagedPreferences(source.location, deps);
    }
  } catch (error) {
    return { found: true, error: `could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function readJsonFile(file: string, deps: PolicyReadDeps): SourceRead {
  const text = deps.readFile(file);
  if (text === null) return { found: false };
  return parseJsonText(text.replace(/^\uFEFF/, '')); // Notepad writes a byte-order mark
}

/** A machine policy file: trusted only when no standard user can have written it. */
function readProtectedJsonFile(file: string, protection: NonNullable<PolicySource['protection']>, deps: PolicyReadDeps): SourceRead {
  if (protection === 'posix-root') {
    if (!deps.readOwnedFile) return { found: true, error: 'could not be checked for its owner, so it was refused' };
    const read = deps.readOwnedFile(file);
    if (read === null) return { found: false };
    const problem = posixOwnerProblem(file, read);
    return problem ? { found: true, error: problem } : parseJsonText(read.text.replace(/^\uFEFF/, ''));
  }
  const text = deps.readFile(file);
  if (text === null) return { found: false };
  const icacls = deps.run(windowsTool(deps, 'icacls.exe'), [file]);
  const owner = deps.run(windowsTool(deps, 'WindowsPowerShell\\v1.0\\powershell.exe'), [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    `(Get-Acl -LiteralPath '${file.replace(/'/g, "''")}').GetOwner([System.Security.Principal.SecurityIdentifier]).Value`,
  ]);
  const problem = windowsAclProblem(file, {
    ownerSid: owner.status === 0 ? owner.stdout.trim() : null,
    icacls: icacls.status === 0 ? icacls.stdout : null,
  });
  return problem ? { found: true, error: problem } : parseJsonText(text.replace(/^\uFEFF/, ''));
}

export function parseJsonText(text: string): SourceRead {
  if (text.trim() === '') return { found: true, error: 'is empty; write a JSON object, e.g. {"requireConsent": true}' };
  try {
    return { found: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    return { found: true, error: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

// ---------------------------------------------------------------------------------------------------
// Windows registry (HKLM\Software\Policies\Fieldtape), read with `reg query` in the 64-bit view.
// Either one REG_SZ value `PolicyJson` holds the whole document, or each top-level key is its own value:
// REG_DWORD for numbers and booleans (0/1), REG_SZ for text and JSON (objects, arrays), REG_MULTI_SZ
// for lists of names (allowedCaptureSources).

export interface RegistryValue {
  name: string;
  type: string;
  data: string;
}

function readRegistry(key: string, deps: PolicyReadDeps): SourceRead {
  const result = deps.run(windowsTool(deps, 'reg.exe'), ['query', key, '/reg:64']);
  if (result.status !== 0) {
    // reg prints "ERROR: The system was unable to find the specified registry key or value." for a missing key.
    if (/unable to find/i.test(result.stderr + result.stdout)) return { found: false };
    return { found: true, error: `could not be read (reg query exited with ${result.status}: ${result.stderr.trim()})` };
  }
  const { values, subkeys } = parseRegQueryOutput(result.stdout, key);
  if (values.length === 0 && subkeys.length === 0) return { found: false };
  if (subkeys.length > 0) {
    return {
      found: true,
      error: `has subkeys (${subkeys.join(', ')}), which Fieldtape does not read; put objects in a REG_SZ value as JSON`,
    };
  }
  return registryValuesToDocument(values);
}

/** Parses `reg query KEY` output: value lines are indented four spaces, NAME    TYPE    DATA. */
export function parseRegQueryOutput(stdout: string, key: string): { values: RegistryValue[]; subkeys: string[] } {
  const values: RegistryValue[] = [];
  const subkeys: string[] = [];
  const keyTail = key.split('\\').slice(1).join('\\').toLowerCase();
  for (const line of stdout.split(/\r?\n/)) {
    const value = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (value) {
      values.push({ name: value[1]!, type: value[2]!, data: value[3] ?? '' });
      continue;
    }
    const trimmed = line.trim();
    if (/^HKEY_/i.test(trimmed) && !trimmed.toLowerCase().endsWith(keyTail)) subkeys.push(trimmed);
  }
  return { values, subkeys };
}

type KeyShape = 'boolean' | 'number' | 'string' | 'json' | 'list';
const TOP_LEVEL: Record<string, KeyShape> = {
  version: 'number',
  profiles: 'json',
  defaultProfile: 'string',
  allowUserProfiles: 'boolean',
  retention: 'json',
  requireConsent: 'boolean',
  allowedCaptureSources: 'list',
  updates: 'json',
  settings: 'json',
};

export function registryValuesToDocument(values: RegistryValue[]): SourceRead {
  const errors: string[] = [];
  const named = values.filter((v) => v.name !== '(Default)' || v.data !== '');
  const whole = named.find((v) => v.name.toLowerCase() === WHOLE_DOCUMENT_VALUE.toLowerCase());
  if (whole) {
    if (named.length > 1) {
      const others = named.filter((v) => v !== whole).map((v) => v.name);
      return { found: true, error: `sets both ${WHOLE_DOCUMENT_VALUE} and individual values (${others.join(', ')}); use one or the other` };
    }
    if (!/^REG_(EXPAND_)?SZ$/.test(whole.type)) return { found: true, error: `${WHOLE_DOCUMENT_VALUE} must be a REG_SZ value` };
    return parseJsonText(whole.data);
  }
  const document: Record<string, unknown> = {};
  for (const value of named) {
    const key = Object.keys(TOP_LEVEL).find((k) => k.toLowerCase() === value.name.toLowerCase()) ?? value.name;
    const converted = convertRegistryValue(value, TOP_LEVEL[key]);
    if ('error' in converted) errors.push(`${value.name}: ${converted.error}`);
    else document[key] = converted.value;
  }
  return errors.length > 0 ? { found: true, error: errors.join('; ') } : { found: true, document };
}

function convertRegistryValue(value: RegistryValue, shape: KeyShape | undefined): { value: unknown } | { error: string } {
  const { type, data } = value;
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const n = Number(data); // reg prints 0x-prefixed hex, which Number() reads
    if (!Number.isFinite(n)) return { error: `unreadable ${type} ${data}` };
    if (shape === 'boolean') return n === 0 || n === 1 ? { value: n === 1 } : { error: `must be 0 or 1, found ${n}` };
    return { value: n };
  }
  if (type === 'REG_MULTI_SZ') return { value: data === '' ? [] : data.split('\\0').filter((s) => s !== '') };
  if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') {
    if (shape === 'json' || (shape === 'list' && data.trim().startsWith('['))) {
      const parsed = parseJsonText(data);
      return 'document' in parsed ? { value: parsed.document } : { error: `must hold JSON: it ${'error' in parsed ? parsed.error : 'is empty'}` };
    }
    if (shape === 'list') return { value: data.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    if (shape === 'boolean' && /^(true|false)$/i.test(data)) return { value: data.toLowerCase() === 'true' };
    if (shape === 'number' && /^\d+$/.test(data)) return { value: Number(data) };
    return { value: data };
  }
  return { error: `registry type ${type} is not supported here` };
}

// ---------------------------------------------------------------------------------------------------
// macOS managed preferences: a configuration profile's payload for the domain app.fieldtape.desktop,
// installed by MDM into /Library/Managed Preferences. Its keys are the policy's top-level keys (plist
// dict, array, integer and boolean types map directly); plutil turns the binary plist into JSON.

function readManagedPreferences(file: string, deps: PolicyReadDeps): SourceRead {
  if (deps.readFile(file) === null) return { found: false };
  const result = deps.run('plutil', ['-convert', 'json', '-o', '-', file]);
  if (result.status !== 0) return { found: true, error: `could not be converted by plutil: ${result.stderr.trim() || `exit ${result.status}`}` };
  const parsed = parseJsonText(result.stdout);
  return 'document' in parsed ? managedPreferencesToDocument(parsed.document) : parsed;
}

/** Drops the keys MDM adds around a payload; a PolicyJson string stands for the whole document. */
export function managedPreferencesToDocument(plist: unknown): SourceRead {
  if (typeof plist !== 'object' || plist === null || Array.isArray(plist)) return { found: true, error: 'is not a dictionary' };
  const entries = Object.entries(plist).filter(([key]) => !/^Payload/.test(key));
  const whole = entries.find(([key]) => key === WHOLE_DOCUMENT_VALUE);
  if (whole) {
    if (entries.length > 1) return { found: true, error: `sets both ${WHOLE_DOCUMENT_VALUE} and individual keys; use one or the other` };
    return typeof whole[1] === 'string' ? parseJsonText(whole[1]) : { found: true, error: `${WHOLE_DOCUMENT_VALUE} must be a string` };
  }
  if (entries.length === 0) return { found: false };
  return { found: true, document: Object.fromEntries(entries) };
}
