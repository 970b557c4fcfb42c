// A cross-process lock made of a directory (mkdir is atomic) holding the owner's pid. Two test runs, or
// a test run and `npm run services:up`, must not build the same Go binary or start the services twice.
// A lock whose owner has died is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPidAlive } from './proc';

export async function withLock<T>(
  dir: string,
  what: string,
  fn: () => Promise<T>,
  { timeoutMs = 30 * 60_000, onWait }: { timeoutMs?: number; onWait?: (ownerPid: number) => void } = {},
): Promise<T> {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(dir);
    if (owner === process.pid) throw new Error(`${what}: lock ${dir} is already held by this process (re-entrant call)`);
    if (owner !== null && !isPidAlive(owner)) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (owner === null && ageMs(dir) > 10_000) {
      // created but never got its pid file: the owner died between mkdir and write
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!told && owner !== null) {
      onWait?.(owner);
      told = true;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: waited ${Math.round(timeoutMs / 1000)} s for the lock ${dir} held by pid ${owner}; remove it if that process is gone`);
    }
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readOwner(dir: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(dir, 'pid'), 'utf8'), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function ageMs(dir: string): number {
  try {
    return Date.now() - fs.statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}
