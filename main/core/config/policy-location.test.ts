// Where the machine policy may come from (issue 17), with real files on this machine (tests run as root):
// a policy file owned by another user, or writable by everyone, is refused with a message naming the file
// and the fix; a root-owned 0644 file applies. Windows: the ProgramData folder comes from HKLM through
// reg.exe by absolute path, whatever the user's ProgramData variable says. Packaged builds ignore
// FIELDTAPE_POLICY_FILE.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPolicy, nodePolicyReadDeps, policyNotice } from './policy';
import type { PolicyReadDeps, PolicySource } from './policy-sources';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function policyFile(mode: number, uid = 0): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-policy-loc-'));
  dirs.push(dir);
  const file = path.join(dir, 'policy.json');
  fs.writeFileSync(file, JSON.stringify({ requireConsent: true }));
  fs.chmodSync(file, mode);
  fs.chownSync(file, uid, uid);
  return file;
}
const machineFile = (location: string): PolicySource[] => [{ kind: 'file', location, protection: 'posix-root' }];
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe.runIf(process.platform !== 'win32' && asRoot)('POSIX machine policy file, real files', () => {
  it('applies a root-owned 0644 file', () => {
    const file = policyFile(0o644);
    const state = loadPolicy({ sources: machineFile(file), env: {} });
    expect(state).toMatchObject({ status: 'valid', policy: { requireConsent: true } });
  });

  it('refuses a file owned by another user, naming the file and what IT must fix', () => {
    const file = policyFile(0o644, 1000);
    expect(fs.statSync(file).uid).toBe(1000);
    const state = loadPolicy({ sources: machineFile(file), env: {} });
    expect(state.status).toBe('invalid');
    const errors = state.status === 'invalid' ? state.errors : [];
    expect(errors).toEqual([`the policy file ${file} is owned by uid 1000, not root, so it was refused: whoever owns it could change your organisation's policy. IT: make root its owner and writer only, e.g. \`sudo chown root:root '${file}' && sudo chmod 644 '${file}'\`.`]);
    // Nothing of it applies, and the user is told.
    expect(policyNotice(state)?.message).toContain(file);
  });

  it('refuses a world-writable (0666) root-owned file', () => {
    const file = policyFile(0o666);
    const state = loadPolicy({ sources: machineFile(file), env: {} });
    expect(state.status === 'invalid' && state.errors[0]).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is writable by its group or by everyone \\(mode 0666\\), so it was refused.*chmod go-w`));
  });

  it('refuses a symbolic link in place of the file', () => {
    const target = policyFile(0o644);
    const link = path.join(path.dirname(target), 'link.json');
    fs.symlinkSync(target, link);
    const state = loadPolicy({ sources: machineFile(link), env: {} });
    expect(state.status === 'invalid' && state.errors[0]).toMatch(/is a symbolic link/);
  });
});

describe('packaged builds and the environment', () => {
  it('a packaged build ignores FIELDTAPE_POLICY_FILE (and says so); an unpackaged one uses it', () => {
    const file = policyFile(0o644);
    const env = { FIELDTAPE_POLICY_FILE: file };
    expect(loadPolicy({ sources: [], env, packaged: false })).toMatchObject({ status: 'valid', source: { kind: 'override-file', location: file } });
    const packaged = loadPolicy({ sources: [], env, packaged: true });
    expect(packaged.status).toBe('none');
    expect(packaged.warnings).toEqual([expect.stringMatching(/^FIELDTAPE_POLICY_FILE is set \(.*\) but ignored: an installed Fieldtape reads its policy only from the machine's own locations$/)]);
  });

  it('on Windows, finds ProgramData through HKLM with %SystemRoot%\\System32\\reg.exe, never the user\'s ProgramData variable or a reg on PATH', () => {
    const calls: string[][] = [];
    const files: Record<string, string> = {};
    const deps: PolicyReadDeps = {
      systemRoot: 'D:\\Win',
      readFile: (file) => (calls.push(['read', file]), files[file] ?? null),
      run: (command, args) => {
        calls.push([command, ...args]);
        if (args.includes('Common AppData')) {
          return { status: 0, stdout: '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders\r\n    Common AppData    REG_SZ    E:\\MachineData\r\n\r\n', stderr: '' };
        }
        return { status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' };
      },
    };
    const state = loadPolicy({ platform: 'win32', deps, env: { ProgramData: 'C:\\Users\\tech\\fake', PATH: 'C:\\Users\\tech\\bin' } });
    expect(state).toMatchObject({ status: 'none', checked: [{ kind: 'registry' }, { kind: 'file', location: 'E:\\MachineData\\Fieldtape\\policy.json', protection: 'windows-admin' }] });
    const programs = calls.filter((c) => c[0] !== 'read').map((c) => c[0]);
    expect(programs).toEqual(['D:\\Win\\System32\\reg.exe', 'D:\\Win\\System32\\reg.exe']);
    expect(JSON.stringify(calls)).not.toContain('fake');
  });

  it('on Windows, reads a ProgramData policy only after icacls and the owner check pass', () => {
    const file = 'C:\\ProgramData\\Fieldtape\\policy.json';
    const ran: string[] = [];
    const deps = (owner: string): PolicyReadDeps => ({
      readFile: (f) => (f === file ? '{"requireConsent":true}' : null),
      run: (command) => {
        ran.push(path.win32.basename(command));
        if (command.endsWith('icacls.exe')) return { status: 0, stdout: `${file} NT AUTHORITY\\SYSTEM:(I)(F)\r\n${' '.repeat(file.length + 1)}BUILTIN\\Users:(I)(RX)\r\n\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n`, stderr: '' };
        if (command.endsWith('powershell.exe')) return { status: 0, stdout: `${owner}\r\n`, stderr: '' };
        return { status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' };
      },
    });
    const sources: PolicySource[] = [{ kind: 'file', location: file, protection: 'windows-admin' }];
    expect(loadPolicy({ sources, deps: deps('S-1-5-18'), env: {} })).toMatchObject({ status: 'valid', policy: { requireConsent: true } });
    expect(ran).toEqual(['icacls.exe', 'powershell.exe']);
    const planted = loadPolicy({ sources, deps: deps('S-1-5-21-1-2-3-1001'), env: {} });
    expect(planted.status === 'invalid' && planted.errors[0]).toMatch(/^the policy file C:\\ProgramData\\Fieldtape\\policy\.json is owned by S-1-5-21-1-2-3-1001/);
  });

  it('the real reader takes SystemRoot only as a plain drive path (never a share)', () => {
    const deps = nodePolicyReadDeps({});
    expect(typeof deps.readOwnedFile).toBe('function');
    expect(deps.systemRoot).toBeUndefined();
    expect(nodePolicyReadDeps({ SystemRoot: '\\\\evil\\share' }).systemRoot).toBeUndefined();
    expect(nodePolicyReadDeps({ SystemRoot: 'D:\\Windows' }).systemRoot).toBe('D:\\Windows');
  });
});
