// The on-disk chunk record. One file per segment, records appended back to back:
//   "FTJ1" | seq u32 BE | length u32 BE | sha256(seq ‖ length ‖ payload) 32 bytes | payload
// The hash covers the header fields too, so a flipped length or sequence number is caught like a
// flipped payload byte, and the magic lets a reader resynchronise after a damaged record.
import crypto from 'node:crypto';

export const RECORD_MAGIC = Buffer.from('FTJ1', 'ascii');
export const RECORD_HEADER_BYTES = 4 + 4 + 4 + 32;
/** No single chunk may exceed this; it bounds what a corrupt length field can make a reader allocate. */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

export function recordDigest(seq: number, payload: Uint8Array): Buffer {
  const fields = Buffer.alloc(8);
  fields.writeUInt32BE(seq, 0);
  fields.writeUInt32BE(payload.byteLength, 4);
  return crypto.createHash('sha256').update(fields).update(payload).digest();
}

export function encodeRecord(seq: number, payload: Uint8Array): { header: Buffer; digest: Buffer } {
  const digest = recordDigest(seq, payload);
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  RECORD_MAGIC.copy(header, 0);
  header.writeUInt32BE(seq, 4);
  header.writeUInt32BE(payload.byteLength, 8);
  digest.copy(header, 12);
  return { header, digest };
}

export function segmentFileName(segment: number): string {
  return `segment-${String(segment).padStart(6, '0')}.ftj`;
}

export function segmentMetaFileName(segment: number): string {
  return `segment-${String(segment).padStart(6, '0')}.json`;
}
