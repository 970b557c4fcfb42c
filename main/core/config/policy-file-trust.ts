// Whether a machine policy FILE can be trusted: only an administrator may be able to write it, or a
// standard user could plant or edit the policy that every user of the machine runs under (and, say, lock
// everyone's recordings to the planter's bucket). Pure decisions over what the OS reports, so they are
// tested on any platform with recorded outputs; policy-sources.ts gathers the facts.
//
// POSIX (Linux, macOS): owned by root (uid 0) and not writable by its group or by others.
// Windows: owned by SYSTEM, Administrators or TrustedInstaller (PowerShell's Get-Acl, as a SID, so the
// answer does not depend on the Windows display language), and no access entry (icacls) grants a
// write-like right to anyone else. The folder's ACL does not matter once these hold: a standard user who
// could create or replace the file would own the result, and that is refused.

export interface PosixFileFacts {
  uid: number;
  /** st_mode (the permission bits are the low 12). */
  mode: number;
}

export function posixOwnerProblem(file: string, facts: PosixFileFacts): string | null {
  const octal = (facts.mode & 0o7777).toString(8).padStart(4, '0');
  if (facts.uid !== 0) {
    return (
      `is owned by uid ${facts.uid}, not root, so it was refused: whoever owns it could change your organisation's policy. ` +
      `IT: make root its owner and writer only, e.g. \`sudo chown root:root '${file}' && sudo chmod 644 '${file}'\`.`
    );
  }
  if ((facts.mode & 0o022) !== 0) {
    return (
      `is writable by its group or by everyone (mode ${octal}), so it was refused: any such user could change your organisation's policy. ` +
      `IT: \`sudo chmod go-w '${file}'\` (644 is right).`
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Windows

export interface AccessEntry {
  principal: string;
  /** Inheritance and type flags: I, OI, CI, IO, NP, DENY. */
  flags: string[];
  /** Rights: a simple right (F, M, RX, R, W, D, N) or specific ones (WD, AD, WEA, WA ...). */
  rights: string[];
}

const SID = {
  system: 'S-1-5-18',
  administrators: 'S-1-5-32-544',
  trustedInstaller: 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
} as const;
export const TRUSTED_OWNER_SIDS: readonly string[] = [SID.system, SID.administrators, SID.trustedInstaller];

/** Principals as icacls prints them (English names, or *SID when a name cannot be resolved). */
const TRUSTED_PRINCIPALS = new Set(
  ['NT AUTHORITY\\SYSTEM', 'BUILTIN\\Administrators', 'NT SERVICE\\TrustedInstaller', ...TRUSTED_OWNER_SIDS.map((s) => `*${s}`)].map((p) => p.toLowerCase()),
);

/** Rights that let a principal change the file's content, its permissions or its owner, or replace it. */
const WRITE_RIGHTS = new Set(['F', 'M', 'W', 'D', 'DE', 'WDAC', 'WO', 'MA', 'GA', 'GW', 'WD', 'AD', 'WEA', 'WA', 'DC']);
const FLAG_NAMES = new Set(['I', 'OI', 'CI', 'IO', 'NP', 'DENY']);

/**
 * Parses `icacls FILE` output: the first line starts with the file name, each access entry is
 * `PRINCIPAL:(flag)...(rights)`, one per line, then a blank line and the "Successfully processed" summary.
 */
export function parseIcaclsOutput(stdout: string, file: string): AccessEntry[] | null {
  const lines = stdout.split(/\r?\n/);
  const first = lines.findIndex((line) => line.toLowerCase().startsWith(file.toLowerCase()));
  if (first === -1) return null;
  const entries: AccessEntry[] = [];
  for (let i = first; i < lines.length; i++) {
    const text = (i === first ? lines[i]!.slice(file.length) : lines[i]!).trim();
    if (text === '' || /^Successfully processed/i.test(text)) break;
    const at = text.lastIndexOf(':(');
    if (at <= 0) return null;
    const groups = [...text.slice(at + 1).matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!);
    const flags = groups.filter((g) => FLAG_NAMES.has(g));
    const rights = groups.filter((g) => !FLAG_NAMES.has(g)).flatMap((g) => g.split(','));
    entries.push({ principal: text.slice(0, at), flags, rights });
  }
  return entries;
}

const fixHint = (file: string) =>
  `IT (elevated): \`icacls "${file}" /setowner *S-1-5-32-544\` and ` +
  `\`icacls "${file}" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F *S-1-5-32-545:RX\` ` +
  `(SYSTEM and Administrators full control, Users read).`;

export function windowsAclProblem(file: string, input: { ownerSid: string | null; icacls: string | null }): string | null {
  const owner = input.ownerSid?.trim() ?? '';
  if (!/^S-1-[0-9-]+$/.test(owner)) {
    return `could not be checked (its owner could not be read), so it was refused. ${fixHint(file)}`;
  }
  if (!TRUSTED_OWNER_SIDS.includes(owner)) {
    return (
      `is owned by ${owner}, not by SYSTEM, Administrators or TrustedInstaller, so it was refused: a standard user may have created it, ` +
      `and its owner can change your organisation's policy. ${fixHint(file)}`
    );
  }
  const entries = input.icacls === null ? null : parseIcaclsOutput(input.icacls, file);
  if (entries === null || entries.length === 0) {
    return `could not be checked (icacls printed no access list), so it was refused. ${fixHint(file)}`;
  }
  const writers = entries.filter(
    (e) => !e.flags.includes('DENY') && !e.flags.includes('IO') && !TRUSTED_PRINCIPALS.has(e.principal.toLowerCase()) && e.rights.some((r) => WRITE_RIGHTS.has(r)),
  );
  if (writers.length > 0) {
    const who = writers.map((e) => `${e.principal} (${e.rights.join(',')})`).join(', ');
    return `can be changed by ${who}, so it was refused: only SYSTEM and Administrators may be able to write a machine policy. ${fixHint(file)}`;
  }
  return null;
}
