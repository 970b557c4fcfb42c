// Builds receipt.json from plain facts (pure: no database, no clock). The bytes are the receipt: they are
// stored in SQLite when it is issued, written to the bucket as they are, and their SHA-256 is what the next
// receipt links to and what the time-stamp authority signs. Pretty-printed, so a person can read it.
import { createHash } from 'node:crypto';
import { RECEIPT_VERSION, ReceiptSchema, type Receipt, type ReceiptEvent } from '../../../shared/domain/evidence';

export interface ReceiptFacts {
  deviceId: string;
  seq: number;
  destination: { bucket: string; endpoint: string | null };
  recordingId: string;
  sessionId: string | null;
  issuedAt: string;
  manifest: { key: string; bytes: number; sha256: string };
  events: ReceiptEvent[];
  links: { fromSeq: number; prevHash: string; hashes: string[] };
  head: { seq: number; hash: string };
  previous: { seq: number; recordingId: string; sha256: string } | null;
  tsaUrl: string | null;
}

export interface BuiltReceipt {
  receipt: Receipt;
  text: string;
  sha256: string;
}

export function buildReceipt(facts: ReceiptFacts): BuiltReceipt {
  const receipt = ReceiptSchema.parse({
    receiptVersion: RECEIPT_VERSION,
    device: { id: facts.deviceId, seq: facts.seq },
    destination: facts.destination,
    recordingId: facts.recordingId,
    sessionId: facts.sessionId,
    issuedAt: facts.issuedAt,
    manifest: facts.manifest,
    audit: { events: facts.events, links: facts.links, head: facts.head },
    previousReceipt: facts.previous,
    timestamp: facts.tsaUrl ? { tsaUrl: facts.tsaUrl } : null,
  } satisfies Receipt);
  const text = JSON.stringify(receipt, null, 2) + '\n';
  return { receipt, text, sha256: sha256Hex(text) };
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The chain a receipt belongs to: this device's receipts to one bucket on one endpoint. */
export function chainName(destination: { bucket: string; endpoint: string | null; region: string }): string {
  return `${destination.endpoint ?? `aws:${destination.region}`}|${destination.bucket}`;
}
