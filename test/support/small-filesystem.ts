// A real, small filesystem for disk-full tests: a tmpfs mounted by the test (CI and sessions run as
// root) and unmounted afterwards.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function mountTmpfs(sizeMb: number, options: { readOnly?: boolean } = {}): { dir: string; unmount(): void } {
  if (process.getuid?.() !== 0) {
    throw new Error('Disk-full tests mount a small tmpfs and must run as root (CI does); run them with sudo.');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  return {
    dir,
    unmount() {
      try {
        execFileSync('umount', ['-l', dir]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
