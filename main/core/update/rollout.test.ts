import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithinRollout, readOrCreateInstallId, rolloutBucket } from './rollout';

describe('staged rollout', () => {
  it('computes the bucket from the id the way electron-updater does (last four bytes / 0xffffffff)', () => {
    expect(rolloutBucket('00000000-0000-0000-0000-000000000000')).toBe(0);
    expect(rolloutBucket('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(1);
    const id = '3b241101-e2bb-4255-8caf-4136c566a962';
    expect(rolloutBucket(id)).toBeCloseTo(Buffer.from(id.replace(/-/g, ''), 'hex').readUInt32BE(12) / 0xffffffff, 12);
    expect(() => rolloutBucket('not-a-uuid')).toThrow(/not a UUID/);
  });

  it('lets in exactly the installs below the staging percentage', () => {
    expect(isWithinRollout(10, 0.05)).toBe(true);
    expect(isWithinRollout(10, 0.1)).toBe(false);
    expect(isWithinRollout('25', 0.2)).toBe(true);
    expect(isWithinRollout(0, 0)).toBe(false); // a release staged at 0 % reaches nobody yet
    expect(isWithinRollout(100, 1)).toBe(true); // 100 % is everyone, including the very last bucket
  });

  it('treats a release without a percentage as for everyone, and the early ring as always in', () => {
    expect(isWithinRollout(undefined, 0.99)).toBe(true);
    expect(isWithinRollout('soon', 0.99)).toBe(true);
    expect(isWithinRollout(1, 0.99, 'early')).toBe(true);
    expect(isWithinRollout(0, 0.5, 'early')).toBe(true);
  });

  it('spreads random installs evenly: a 20 % stage reaches about a fifth of them', () => {
    let inside = 0;
    for (let i = 0; i < 5000; i++) if (isWithinRollout(20, rolloutBucket(crypto.randomUUID()))) inside++;
    expect(inside / 5000).toBeGreaterThan(0.17);
    expect(inside / 5000).toBeLessThan(0.23);
  });

  it('keeps one stable id per data folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-install-id-'));
    const file = path.join(dir, 'install-id');
    const first = readOrCreateInstallId(file);
    expect(readOrCreateInstallId(file)).toBe(first);
    fs.writeFileSync(file, 'garbage');
    expect(readOrCreateInstallId(file)).not.toBe(first);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
