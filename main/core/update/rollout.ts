// Staged rollouts. The feed's update file (latest.yml …) may carry `stagingPercentage: N`: only N % of
// installs take that release, the same installs every time, and raising N widens it. Each install has a
// stable random id; its bucket is the id's last four bytes as a fraction of 2^32, which is exactly how
// electron-updater's own isStagingMatch computes it, so moving between the two never reshuffles anyone.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type Ring = 'early' | 'staged';

/** Where in [0, 1] this install falls. */
export function rolloutBucket(installId: string): number {
  const hex = installId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${installId}`);
  return Number.parseInt(hex.slice(24, 32), 16) / 0xffffffff;
}

/**
 * Whether this install takes a release offered with `stagingPercentage`. No percentage (or one that is
 * not a number) means everyone, as in electron-updater; the early ring (IT's pilot machines) always does.
 */
export function isWithinRollout(stagingPercentage: unknown, bucket: number, ring: Ring = 'staged'): boolean {
  if (ring === 'early') return true;
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  const percentage = Number.parseInt(String(stagingPercentage), 10);
  if (Number.isNaN(percentage)) return true;
  if (percentage >= 100) return true;
  return bucket < percentage / 100;
}

/** A stable id per data folder, created once. */
export function readOrCreateInstallId(file: string): string {
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/i.test(existing)) return existing;
  } catch {
    // first run, or unreadable: make a new one
  }
  const id = crypto.randomUUID();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${id}\n`);
  return id;
}
