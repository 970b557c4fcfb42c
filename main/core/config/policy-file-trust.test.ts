// Who may have written a machine policy file, from what the OS reports: icacls output (recorded from
// Windows 10/11, English display language) with the owner SID from Get-Acl, and POSIX owner and mode.
import { describe, expect, it } from 'vitest';
import { parseIcaclsOutput, posixOwnerProblem, windowsAclProblem } from './policy-file-trust';

const FILE = 'C:\\ProgramData\\Fieldtape\\policy.json';
const pad = ' '.repeat(FILE.length + 1);

// Created by an Intune/GPO script running as SYSTEM in a folder made the same way: inherited from ProgramData.
const ADMIN_MADE = [
  `${FILE} NT AUTHORITY\\SYSTEM:(I)(F)`,
  `${pad}BUILTIN\\Administrators:(I)(F)`,
  `${pad}BUILTIN\\Users:(I)(RX)`,
  '',
  'Successfully processed 1 files; Failed processing 0 files',
  '',
].join('\r\n');

// What a standard user gets when they create C:\ProgramData\Fieldtape\policy.json themselves
// (CREATOR OWNER's full control becomes an explicit entry for them).
const USER_PLANTED = [
  `${FILE} DESKTOP-4Q2\\tech:(I)(F)`,
  `${pad}NT AUTHORITY\\SYSTEM:(I)(F)`,
  `${pad}BUILTIN\\Administrators:(I)(F)`,
  `${pad}BUILTIN\\Users:(I)(RX)`,
  '',
  'Successfully processed 1 files; Failed processing 0 files',
].join('\r\n');

const AUTHENTICATED_MODIFY = [
  `${FILE} NT AUTHORITY\\SYSTEM:(F)`,
  `${pad}BUILTIN\\Administrators:(F)`,
  `${pad}NT AUTHORITY\\Authenticated Users:(M)`,
  `${pad}Everyone:(DENY)(W)`,
  `${pad}*S-1-5-21-1004336348-1177238915-682003330-1001:(WD,AD,WEA,WA)`,
  '',
  'Successfully processed 1 files; Failed processing 0 files',
].join('\r\n');

const ADMINISTRATORS = 'S-1-5-32-544';
const SYSTEM = 'S-1-5-18';

describe('Windows policy file ACL', () => {
  it('parses icacls output into principals, flags and rights', () => {
    expect(parseIcaclsOutput(AUTHENTICATED_MODIFY, FILE)).toEqual([
      { principal: 'NT AUTHORITY\\SYSTEM', flags: [], rights: ['F'] },
      { principal: 'BUILTIN\\Administrators', flags: [], rights: ['F'] },
      { principal: 'NT AUTHORITY\\Authenticated Users', flags: [], rights: ['M'] },
      { principal: 'Everyone', flags: ['DENY'], rights: ['W'] },
      { principal: '*S-1-5-21-1004336348-1177238915-682003330-1001', flags: [], rights: ['WD', 'AD', 'WEA', 'WA'] },
    ]);
    expect(parseIcaclsOutput('C:\\other.json NT AUTHORITY\\SYSTEM:(F)', FILE)).toBeNull();
  });

  it('accepts a file owned by SYSTEM or Administrators that only they can write', () => {
    expect(windowsAclProblem(FILE, { ownerSid: SYSTEM, icacls: ADMIN_MADE })).toBeNull();
    expect(windowsAclProblem(FILE, { ownerSid: ADMINISTRATORS, icacls: ADMIN_MADE })).toBeNull();
  });

  it('refuses a file a standard user planted: their own owner SID, and their full-control entry', () => {
    const user = 'S-1-5-21-1004336348-1177238915-682003330-1001';
    const byOwner = windowsAclProblem(FILE, { ownerSid: user, icacls: USER_PLANTED });
    expect(byOwner).toMatch(/^is owned by S-1-5-21-.*-1001, not by SYSTEM, Administrators or TrustedInstaller, so it was refused/);
    expect(byOwner).toContain(`icacls "${FILE}" /setowner *S-1-5-32-544`);
    // Even with an administrator as owner, the user's write access alone is enough to refuse it.
    expect(windowsAclProblem(FILE, { ownerSid: ADMINISTRATORS, icacls: USER_PLANTED })).toMatch(/^can be changed by DESKTOP-4Q2\\tech \(F\), so it was refused/);
  });

  it('names every non-admin writer (modify, write data), ignores DENY entries, and refuses what it cannot read', () => {
    const problem = windowsAclProblem(FILE, { ownerSid: SYSTEM, icacls: AUTHENTICATED_MODIFY });
    expect(problem).toMatch(/can be changed by NT AUTHORITY\\Authenticated Users \(M\), \*S-1-5-21-[0-9-]+ \(WD,AD,WEA,WA\), so/);
    expect(problem).not.toContain('Everyone');
    expect(windowsAclProblem(FILE, { ownerSid: null, icacls: ADMIN_MADE })).toMatch(/its owner could not be read/);
    expect(windowsAclProblem(FILE, { ownerSid: SYSTEM, icacls: null })).toMatch(/icacls printed no access list/);
  });
});

describe('POSIX policy file owner and mode', () => {
  it('accepts root-owned 0644 and refuses another owner or group/world write, saying what IT must run', () => {
    expect(posixOwnerProblem('/etc/fieldtape/policy.json', { uid: 0, mode: 0o100644 })).toBeNull();
    expect(posixOwnerProblem('/etc/fieldtape/policy.json', { uid: 1000, mode: 0o100644 })).toMatch(/^is owned by uid 1000, not root, so it was refused.*sudo chown root:root/);
    expect(posixOwnerProblem('/etc/fieldtape/policy.json', { uid: 0, mode: 0o100664 })).toMatch(/writable by its group or by everyone \(mode 0664\).*chmod go-w/);
  });
});
