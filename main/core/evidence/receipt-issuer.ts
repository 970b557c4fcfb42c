// Issues a recording's receipt once, in one IMMEDIATE transaction: read the audit head and the chain head,
// build receipt.json (receipt-build.ts), store its bytes and move the chain head. Later attempts (retries,
// a restart) reuse the stored bytes, so what reaches the bucket is always exactly what the chain links to.
//
// The links start from the previous receipt's head as the database holds that event *now*: if someone
// rewrote the audit log in between (and re-hashed it), the new receipt's links no longer meet the head the
// previous receipt anchored, and `fieldtape verify` says so from the bucket alone.
import type { Profile } from '../../../shared/domain/profile';
import type { AuditLog } from '../audit/audit-log';
import { GENESIS_HASH } from '../audit/event-hash';
import type { Db } from '../store/database';
import { buildReceipt, chainName } from './receipt-build';
import type { ReceiptRow, ReceiptStore } from '../store/receipt-store';

export interface ReceiptIssuerDeps {
  db: Db;
  audit: AuditLog;
  receipts: ReceiptStore;
  clock: () => Date;
}

export interface IssueInput {
  recordingId: string;
  sessionId: string | null;
  profile: Pick<Profile, 'bucket' | 'endpoint' | 'region' | 'tsaUrl'>;
  manifest: { key: string; bytes: number; sha256: string };
}

export interface ReceiptIssuer {
  /** The recording's receipt: the stored one, or a new one issued now. */
  issue(input: IssueInput): ReceiptRow;
}

export function createReceiptIssuer(deps: ReceiptIssuerDeps): ReceiptIssuer {
  const { db, audit, receipts } = deps;
  const issueInTransaction = db.transaction((input: IssueInput): ReceiptRow => {
    const existing = receipts.get(input.recordingId);
    if (existing) return existing;
    const chain = chainName(input.profile);
    const previous = receipts.chainHead(chain);
    const head = audit.head();
    const fromSeq = Math.min(previous?.auditSeq ?? 0, head.seq);
    const rows = audit.links(fromSeq, head.seq);
    // The event the previous receipt ended at, as stored now (see the note at the top of this file).
    const prevHash = fromSeq === 0 ? GENESIS_HASH : (audit.links(fromSeq - 1, fromSeq)[0]?.hash ?? previous?.auditHash ?? GENESIS_HASH);
    const bySeq = new Map(rows.map((r) => [r.seq, r.hash]));
    // A missing row (the log was cut) is written as zeros, so every later hash keeps its place.
    const hashes = Array.from({ length: head.seq - fromSeq }, (_v, i) => bySeq.get(fromSeq + 1 + i) ?? GENESIS_HASH);
    const tsaUrl = input.profile.tsaUrl ?? null;
    const issuedAt = deps.clock().toISOString();
    const built = buildReceipt({
      deviceId: receipts.deviceId(),
      seq: (previous?.seq ?? 0) + 1,
      destination: { bucket: input.profile.bucket, endpoint: input.profile.endpoint },
      recordingId: input.recordingId,
      sessionId: input.sessionId,
      issuedAt,
      manifest: input.manifest,
      events: audit.forReceipt(input.recordingId, input.sessionId),
      links: { fromSeq, prevHash, hashes },
      head: { seq: head.seq, hash: head.hash },
      previous: previous ? { seq: previous.seq, recordingId: previous.recordingId, sha256: previous.receiptSha256 } : null,
      tsaUrl,
    });
    const row = {
      recordingId: input.recordingId,
      chain,
      seq: built.receipt.device.seq,
      sha256: built.sha256,
      text: built.text,
      createdAt: issuedAt,
      tsaUrl,
      tsrStatus: tsaUrl ? ('pending' as const) : ('none' as const),
    };
    receipts.insert(row, head);
    return receipts.get(input.recordingId)!;
  });
  return { issue: (input) => issueInTransaction.immediate(input) };
}
