import { describe, expect, it } from 'vitest';
import {
  machinePolicySources,
  managedPreferencesToDocument,
  parseRegQueryOutput,
  readPolicySource,
  registryValuesToDocument,
  REGISTRY_KEY,
  type PolicyReadDeps,
} from './policy-sources';

// Verbatim shape of `reg query HKLM\Software\Policies\Fieldtape /reg:64` on Windows 10/11.
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Fieldtape',
  '    RequireConsent    REG_DWORD    0x1',
  '    AllowedCaptureSources    REG_MULTI_SZ    intake\\0screen',
  '    Updates    REG_SZ    {"enabled":false}',
  '    DefaultProfile    REG_SZ    main',
  '    Profiles    REG_SZ    [{"name":"main","bucket":"acme-evidence","region":"eu-west-1","accessKeyId":"AKIAEXAMPLE123"}]',
  '',
].join('\r\n');

function deps(files: Record<string, string>, run?: PolicyReadDeps['run']): PolicyReadDeps {
  return {
    readFile: (file) => files[file] ?? null,
    run: run ?? (() => ({ status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' })),
  };
}

describe('policy sources', () => {
  it('lists the machine-wide locations of each platform, highest precedence first', () => {
    expect(machinePolicySources('linux')).toEqual([{ kind: 'file', location: '/etc/fieldtape/policy.json', protection: 'posix-root' }]);
    expect(machinePolicySources('darwin').map((s) => [s.kind, s.protection])).toEqual([['managed-preferences', undefined], ['file', 'posix-root']]);
    // The ProgramData folder is the one Windows registers machine-wide (resolveProgramData), never an environment variable.
    expect(machinePolicySources('win32', { programData: 'D:\\PD' })).toEqual([
      { kind: 'registry', location: REGISTRY_KEY },
      { kind: 'file', location: 'D:\\PD\\Fieldtape\\policy.json', protection: 'windows-admin' },
    ]);
  });

  it('reads a JSON file, tolerating a byte-order mark, and explains a broken one', () => {
    const source = { kind: 'file' as const, location: '/p.json' };
    expect(readPolicySource(source, deps({ '/p.json': '\uFEFF{"requireConsent":true}' }))).toEqual({ found: true, document: { requireConsent: true } });
    expect(readPolicySource(source, deps({}))).toEqual({ found: false });
    expect(readPolicySource(source, deps({ '/p.json': '{"requireConsent":' }))).toEqual({ found: true, error: expect.stringMatching(/^is not valid JSON/) });
    expect(readPolicySource(source, deps({ '/p.json': '  ' }))).toEqual({ found: true, error: expect.stringMatching(/^is empty/) });
    const unreadable: PolicyReadDeps = { readFile: () => { throw new Error('EACCES: permission denied'); }, run: () => ({ status: 0, stdout: '', stderr: '' }) };
    expect(readPolicySource(source, unreadable)).toEqual({ found: true, error: 'could not be read: EACCES: permission denied' });
  });

  it('parses reg query output into typed values', () => {
    const { values, subkeys } = parseRegQueryOutput(REG_OUTPUT, REGISTRY_KEY);
    expect(subkeys).toEqual([]);
    expect(values.map((v) => [v.name, v.type])).toEqual([
      ['RequireConsent', 'REG_DWORD'],
      ['AllowedCaptureSources', 'REG_MULTI_SZ'],
      ['Updates', 'REG_SZ'],
      ['DefaultProfile', 'REG_SZ'],
      ['Profiles', 'REG_SZ'],
    ]);
    expect(registryValuesToDocument(values)).toEqual({
      found: true,
      document: {
        requireConsent: true,
        allowedCaptureSources: ['intake', 'screen'],
        updates: { enabled: false },
        defaultProfile: 'main',
        profiles: [{ name: 'main', bucket: 'acme-evidence', region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE123' }],
      },
    });
  });

  it('reads the registry through reg.exe (by its absolute path, never one on PATH) in the 64-bit view, and treats a missing key as no policy', () => {
    const calls: string[][] = [];
    const source = { kind: 'registry' as const, location: REGISTRY_KEY };
    const found = readPolicySource(source, deps({}, (command, args) => (calls.push([command, ...args]), { status: 0, stdout: REG_OUTPUT, stderr: '' })));
    expect(calls).toEqual([['C:\\Windows\\System32\\reg.exe', 'query', REGISTRY_KEY, '/reg:64']]);
    expect(found.found && 'document' in found).toBe(true);
    expect(readPolicySource(source, deps({}))).toEqual({ found: false });
    const denied = readPolicySource(source, deps({}, () => ({ status: 1, stdout: '', stderr: 'ERROR: Access is denied.' })));
    expect(denied).toEqual({ found: true, error: expect.stringMatching(/Access is denied/) });
  });

  it('takes the whole document from a PolicyJson value, but not together with individual values', () => {
    expect(registryValuesToDocument([{ name: 'PolicyJson', type: 'REG_SZ', data: '{"requireConsent":false}' }])).toEqual({
      found: true,
      document: { requireConsent: false },
    });
    const both = registryValuesToDocument([
      { name: 'PolicyJson', type: 'REG_SZ', data: '{}' },
      { name: 'RequireConsent', type: 'REG_DWORD', data: '0x1' },
    ]);
    expect(both).toEqual({ found: true, error: expect.stringMatching(/sets both PolicyJson and individual values \(RequireConsent\)/) });
  });

  it('rejects registry values it cannot convert and subkeys it does not read', () => {
    expect(registryValuesToDocument([{ name: 'RequireConsent', type: 'REG_DWORD', data: '0x2' }])).toEqual({
      found: true,
      error: 'RequireConsent: must be 0 or 1, found 2',
    });
    expect(registryValuesToDocument([{ name: 'Updates', type: 'REG_SZ', data: '{enabled:false}' }])).toEqual({
      found: true,
      error: expect.stringMatching(/^Updates: must hold JSON/),
    });
    const withSubkey = `${REG_OUTPUT}\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Fieldtape\\Updates\r\n`;
    const read = readPolicySource({ kind: 'registry', location: REGISTRY_KEY }, deps({}, () => ({ status: 0, stdout: withSubkey, stderr: '' })));
    expect(read).toEqual({ found: true, error: expect.stringMatching(/has subkeys .*Fieldtape\\Updates/) });
  });

  it('reads macOS managed preferences through plutil and drops the payload bookkeeping keys', () => {
    const file = '/Library/Managed Preferences/app.fieldtape.desktop.plist';
    const plist = { PayloadUUID: 'x', requireConsent: true, updates: { channel: 'beta' } };
    const calls: string[][] = [];
    const read = readPolicySource(
      { kind: 'managed-preferences', location: file },
      deps({ [file]: 'bplist00' }, (command, args) => (calls.push([command, ...args]), { status: 0, stdout: JSON.stringify(plist), stderr: '' })),
    );
    expect(calls).toEqual([['plutil', '-convert', 'json', '-o', '-', file]]);
    expect(read).toEqual({ found: true, document: { requireConsent: true, updates: { channel: 'beta' } } });
    expect(managedPreferencesToDocument({ PolicyJson: '{"requireConsent":true}' })).toEqual({ found: true, document: { requireConsent: true } });
    expect(managedPreferencesToDocument({ PayloadUUID: 'x' })).toEqual({ found: false });
  });
});
