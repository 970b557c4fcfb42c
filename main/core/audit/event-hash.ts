// The hash that chains audit events: SHA-256 (hex) over the canonical JSON of every field of the event
// except the hash itself, including the previous event's hash. The first event links to GENESIS_HASH.
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonObject } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  seq: number;
  at: string;
  type: string;
  recordingId: string | null;
  sessionId: string | null;
  data: JsonObject;
  prevHash: string;
}

export function hashAuditEvent(fields: HashedFields): string {
  const canonical = canonicalJson({
    seq: fields.seq,
    at: fields.at,
    type: fields.type,
    recordingId: fields.recordingId,
    sessionId: fields.sessionId,
    data: fields.data,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
