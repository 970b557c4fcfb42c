import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES, segmentFileName } from './journal-format';
import { extractSegmentMedia, scanJournal } from './journal-reader';
import { openSegmentWriter } from './segment-writer';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function writeSegment(chunks: Buffer[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-journal-'));
  dirs.push(dir);
  const writer = await openSegmentWriter(dir, { segment: 1, mime: 'video/webm', reason: 'start', startedAt: 'now' });
  for (let i = 0; i < chunks.length; i++) await writer.append(i, chunks[i]!);
  await writer.close();
  return { dir, file: path.join(dir, segmentFileName(1)) };
}

const chunks = Array.from({ length: 6 }, (_, i) => crypto.randomBytes(1000 + i * 100));

describe('chunk journal', () => {
  it('reads back exactly what was appended', async () => {
    const { file, dir } = await writeSegment(chunks);
    const scan = scanJournal(file);
    expect(scan.problems).toEqual([]);
    expect(scan.records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    const out = path.join(dir, 'media.bin');
    extractSegmentMedia(file, scan, out);
    expect(fs.readFileSync(out).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('acknowledges a retried chunk once and refuses out-of-order or conflicting chunks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-journal-'));
    dirs.push(dir);
    const writer = await openSegmentWriter(dir, { segment: 1, mime: 'video/webm', reason: 'start', startedAt: 'now' });
    await writer.append(0, chunks[0]!);
    expect((await writer.append(0, chunks[0]!)).duplicate).toBe(true);
    await expect(writer.append(0, chunks[1]!)).rejects.toThrow(/different content/);
    await expect(writer.append(2, chunks[2]!)).rejects.toThrow(/arrived before chunk 1/);
    await writer.close();
    expect(scanJournal(path.join(dir, segmentFileName(1))).records).toHaveLength(1);
  });

  it('detects a corrupted middle chunk and salvages the others', async () => {
    const { file, dir } = await writeSegment(chunks);
    const scan0 = scanJournal(file);
    const data = fs.readFileSync(file);
    data[scan0.records[2]!.offset + 10]! ^= 0xff;
    fs.writeFileSync(file, data);
    const scan = scanJournal(file);
    expect(scan.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'corrupt', seq: 2 }),
        expect.objectContaining({ kind: 'gap', missing: [2] }),
      ]),
    );
    expect(scan.records.map((r) => r.seq)).toEqual([0, 1, 3, 4, 5]);
    const out = path.join(dir, 'prefix.bin');
    expect(extractSegmentMedia(file, scan, out, true).chunks).toBe(2);
  });

  it('detects a damaged length field and resynchronises', async () => {
    const { file } = await writeSegment(chunks);
    const data = fs.readFileSync(file);
    const second = scanJournal(file).records[1]!.offset - RECORD_HEADER_BYTES;
    data.writeUInt32BE(0x00ffffff, second + 8);
    fs.writeFileSync(file, data);
    const scan = scanJournal(file);
    expect(scan.problems.some((p) => p.kind === 'corrupt' && p.seq === 1)).toBe(true);
    expect(scan.records.map((r) => r.seq)).toEqual([0, 2, 3, 4, 5]);
  });

  it('drops a truncated last chunk and reports it', async () => {
    const { file } = await writeSegment(chunks);
    fs.truncateSync(file, fs.statSync(file).size - 200);
    const scan = scanJournal(file);
    expect(scan.problems).toEqual([expect.objectContaining({ kind: 'truncated' })]);
    expect(scan.records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('reports a missing first (header) chunk', async () => {
    const { file } = await writeSegment(chunks);
    const data = fs.readFileSync(file);
    data[5]! ^= 0x01; // seq field of record 0
    fs.writeFileSync(file, data);
    const scan = scanJournal(file);
    expect(scan.problems.some((p) => p.kind === 'missing-header')).toBe(true);
  });
});
