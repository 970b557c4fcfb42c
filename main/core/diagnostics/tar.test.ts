import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarGz, untarGz } from './tar';

describe('tar.gz writer', () => {
  const entries = [
    { name: 'bundle/README.txt', data: Buffer.from('hello\n'), mtime: new Date('2026-01-02T03:04:05Z') },
    { name: 'bundle/logs/empty.log', data: Buffer.alloc(0), mtime: new Date('2026-01-02T03:04:05Z') },
    { name: 'bundle/logs/big.log', data: Buffer.from('x'.repeat(1500) + 'é'), mtime: new Date('2026-01-02T03:04:05Z') },
  ];

  it('reads back what it wrote', () => {
    expect(untarGz(tarGz(entries))).toEqual(entries.map(({ name, data }) => ({ name, data })));
  });

  it.skipIf(spawnSync('tar', ['--version']).status !== 0)('is a real archive that the system tar extracts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-tar-'));
    const archive = path.join(dir, 'a.tar.gz');
    fs.writeFileSync(archive, tarGz(entries));
    const r = spawnSync('tar', ['-xzf', archive, '-C', dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'bundle/logs/big.log'), 'utf8')).toBe('x'.repeat(1500) + 'é');
    expect(fs.statSync(path.join(dir, 'bundle/README.txt')).mtime.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses names tar cannot hold in its header', () => {
    expect(() => tarGz([{ name: 'x'.repeat(101), data: Buffer.alloc(0), mtime: new Date() }])).toThrow(/too long/);
  });
});
