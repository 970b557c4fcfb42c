// Which process owns a live recording. The CLI may be recording while the app starts (or the reverse);
// recovery must leave a recording alone while its owner is alive, and take it over once the owner died.
import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../process-alive';

const LOCK_FILE = 'owner.lock';

export function tryAcquireOwnerLock(recordingDir: string): boolean {
  const file = path.join(recordingDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner === process.pid) return true;
      if (isProcessAlive(owner)) return false;
      fs.rmSync(file, { force: true }); // the owner died: the lock is stale
    }
  }
  return false;
}

export function releaseOwnerLock(recordingDir: string): void {
  const file = path.join(recordingDir, LOCK_FILE);
  try {
    if (Number(fs.readFileSync(file, 'utf8')) === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}
