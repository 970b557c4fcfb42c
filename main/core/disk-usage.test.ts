import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesOf } from './disk-usage';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('bytesOf', () => {
  it('counts files and nested folders, not what a symbolic link points at, and 0 for nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-du-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'a.bin'), Buffer.alloc(1000));
    fs.mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sub', 'deeper', 'b.bin'), Buffer.alloc(234));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-du-out-'));
    dirs.push(outside);
    fs.writeFileSync(path.join(outside, 'big.bin'), Buffer.alloc(50_000));
    fs.symlinkSync(outside, path.join(dir, 'link'));
    expect(bytesOf(path.join(dir, 'a.bin'))).toBe(1000);
    expect(bytesOf(dir)).toBe(1234);
    expect(bytesOf(path.join(dir, 'missing'))).toBe(0);
  });
});
