// Reads a segment journal back: the valid records in order, plus every problem found (a corrupt record,
// a gap in the sequence, a truncated tail). The reader never throws on damaged data; it reports it and
// salvages everything that can be salvaged.
import fs from 'node:fs';
import { MAX_CHUNK_BYTES, RECORD_HEADER_BYTES, RECORD_MAGIC, recordDigest } from './journal-format';

// The index keeps the same shape (main/core/store/recording-store.ts), so it is defined there once.
import type { JournalRecord } from '../store/recording-store';
export type { JournalRecord };

export type JournalProblem =
  | { kind: 'corrupt'; offset: number; seq: number | null; message: string }
  | { kind: 'gap'; afterSeq: number; missing: number[]; message: string }
  | { kind: 'truncated'; offset: number; message: string }
  | { kind: 'missing-header'; message: string };

export interface JournalScan {
  records: JournalRecord[];
  problems: JournalProblem[];
  /** Bytes up to the end of the last valid record: appending may safely resume here. */
  validEnd: number;
  fileBytes: number;
}

export function scanJournal(file: string): JournalScan {
  const data = fs.readFileSync(file);
  const records: JournalRecord[] = [];
  const problems: JournalProblem[] = [];
  let pos = 0;
  let validEnd = 0;

  while (pos < data.length) {
    if (data.length - pos < RECORD_HEADER_BYTES) {
      problems.push({ kind: 'truncated', offset: pos, message: `The last ${data.length - pos} bytes are an incomplete record header (the chunk being written when capture stopped).` });
      break;
    }
    if (!data.subarray(pos, pos + 4).equals(RECORD_MAGIC)) {
      const next = data.indexOf(RECORD_MAGIC, pos + 1);
      problems.push({ kind: 'corrupt', offset: pos, seq: null, message: `Unreadable bytes at offset ${pos}${next < 0 ? ' to the end of the segment' : `; resynchronised at ${next}`}.` });
      if (next < 0) break;
      pos = next;
      continue;
    }
    const seq = data.readUInt32BE(pos + 4);
    const length = data.readUInt32BE(pos + 8);
    const stored = data.subarray(pos + 12, pos + RECORD_HEADER_BYTES);
    const payloadStart = pos + RECORD_HEADER_BYTES;
    if (length > MAX_CHUNK_BYTES) {
      problems.push({ kind: 'corrupt', offset: pos, seq, message: `Chunk at offset ${pos} claims an impossible length (${length} bytes).` });
      pos = resync(data, pos);
      if (pos < 0) break;
      continue;
    }
    if (payloadStart + length > data.length) {
      // Either the final chunk was cut off mid-write, or a corrupt length points past the end.
      const next = data.indexOf(RECORD_MAGIC, pos + 1);
      if (next < 0) {
        problems.push({ kind: 'truncated', offset: pos, message: `Chunk ${seq} is incomplete (${data.length - payloadStart} of ${length} bytes): it was being written when capture stopped.` });
        break;
      }
      problems.push({ kind: 'corrupt', offset: pos, seq, message: `Chunk ${seq} at offset ${pos} has a damaged length.` });
      pos = next;
      continue;
    }
    const payload = data.subarray(payloadStart, payloadStart + length);
    if (!recordDigest(seq, payload).equals(stored)) {
      problems.push({ kind: 'corrupt', offset: pos, seq, message: `Chunk ${seq} at offset ${pos} fails its checksum.` });
      // Resynchronise on the next record marker rather than trusting this record's length.
      const next = data.indexOf(RECORD_MAGIC, pos + 1);
      pos = next < 0 ? data.length : next;
      continue;
    }
    records.push({ seq, offset: payloadStart, length, sha256: stored.toString('hex') });
    pos = payloadStart + length;
    validEnd = pos;
  }

  return { records: inSequence(records, problems), problems, validEnd, fileBytes: data.length };
}

/** Orders records by seq, drops duplicates, and reports gaps and a missing first (header) chunk. */
function inSequence(records: JournalRecord[], problems: JournalProblem[]): JournalRecord[] {
  const bySeq = new Map<number, JournalRecord>();
  for (const r of records) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r);
  const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  if (ordered.length > 0 && ordered[0]!.seq !== 0) {
    problems.push({ kind: 'missing-header', message: 'The first chunk (the container header) is missing or corrupt; this segment cannot be decoded.' });
  }
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!.seq;
    const cur = ordered[i]!.seq;
    if (cur !== prev + 1) {
      const missing = Array.from({ length: Math.min(cur - prev - 1, 50) }, (_, k) => prev + 1 + k);
      problems.push({ kind: 'gap', afterSeq: prev, missing, message: `Chunks ${prev + 1}–${cur - 1} are missing after chunk ${prev}.` });
    }
  }
  return ordered;
}

function resync(data: Buffer, from: number): number {
  return data.indexOf(RECORD_MAGIC, from + 1);
}

/**
 * Writes the salvaged media of one segment: the payloads of valid records in order. With `prefixOnly`,
 * it stops at the first gap, which some containers need (a missing middle chunk breaks what follows).
 */
export function extractSegmentMedia(file: string, scan: JournalScan, outFile: string, prefixOnly = false): { bytes: number; chunks: number } {
  const fd = fs.openSync(file, 'r');
  const out = fs.openSync(outFile, 'w');
  let bytes = 0;
  let chunks = 0;
  try {
    let expected = 0;
    for (const record of scan.records) {
      if (prefixOnly && record.seq !== expected) break;
      const buf = Buffer.alloc(record.length);
      fs.readSync(fd, buf, 0, record.length, record.offset);
      fs.writeSync(out, buf);
      bytes += record.length;
      chunks++;
      expected = record.seq + 1;
    }
    fs.fsyncSync(out);
  } finally {
    fs.closeSync(fd);
    fs.closeSync(out);
  }
  return { bytes, chunks };
}
