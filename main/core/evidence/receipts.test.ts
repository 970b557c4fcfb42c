// Receipts against real SQLite: issued once, chained per device and bucket, anchoring the audit log; and
// what verification says when the log is rewritten and re-hashed (as someone holding the file could).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptSchema } from '../../../shared/domain/evidence';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import { canonicalJson, type JsonObject } from '../audit/canonical-json';
import { GENESIS_HASH, hashAuditEvent } from '../audit/event-hash';
import { openDatabase, type Db } from '../store/database';
import { readAuditDatabase } from '../store/audit-database';
import { rewriteAuditEvent } from '../store/audit-rewrite';
import { createReceiptIssuer, type ReceiptIssuer } from './receipt-issuer';
import { createReceiptStore } from '../store/receipt-store';
import { checkChains, checkReceipt, compareDatabase, type LoadedReceipt } from './verify-receipts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function setup(): { db: Db; file: string; audit: AuditLog; issuer: ReceiptIssuer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-receipts-'));
  const file = path.join(dir, 'fieldtape.db');
  const db = openDatabase(file);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => db.close());
  let t = Date.parse('2026-01-05T08:00:00.000Z');
  const clock = () => new Date((t += 1000));
  const audit = createAuditLog(db, clock);
  return { db, file, audit, issuer: createReceiptIssuer({ db, audit, receipts: createReceiptStore(db), clock }) };
}

const profile = { bucket: 'acme-evidence', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', tsaUrl: null };
const manifest = (n: number) => ({ key: `acme/rec_${n}/manifest.json`, bytes: 100 + n, sha256: String(n).repeat(64).slice(0, 64) });

function record(audit: AuditLog, recordingId: string): void {
  audit.append('recording.started', { recordingId, data: { source: 'testsrc' } });
  audit.append('recording.stopped', { recordingId, data: { durationSec: 3 } });
  audit.append('recording.finalized', { recordingId, data: { mp4Sha256: 'ab'.repeat(32) } });
}

const load = (row: { text: string; sha256: string; recordingId: string }): LoadedReceipt => ({ path: `${row.recordingId}/receipt.json`, sha256: row.sha256, receipt: ReceiptSchema.parse(JSON.parse(row.text)) });

describe('receipts', () => {
  it('are issued once, with the recording’s events, the head and the hashes since the previous receipt', () => {
    const { audit, issuer } = setup();
    record(audit, 'rec_a');
    const a = issuer.issue({ recordingId: 'rec_a', sessionId: null, profile, manifest: manifest(1) });
    expect(issuer.issue({ recordingId: 'rec_a', sessionId: null, profile, manifest: manifest(9) }).text).toBe(a.text); // the stored bytes, not new ones
    const ra = ReceiptSchema.parse(JSON.parse(a.text));
    expect(ra.device.seq).toBe(1);
    expect(ra.previousReceipt).toBeNull();
    expect(ra.audit.events.map((e) => e.type)).toEqual(['recording.started', 'recording.stopped', 'recording.finalized']);
    expect(ra.audit.links).toMatchObject({ fromSeq: 0, prevHash: GENESIS_HASH });
    expect(ra.audit.head).toEqual(audit.head());

    audit.append('delivery.completed', { recordingId: 'rec_a', data: { receiptSha256: a.sha256 } });
    record(audit, 'rec_b');
    const b = issuer.issue({ recordingId: 'rec_b', sessionId: null, profile, manifest: manifest(2) });
    const rb = ReceiptSchema.parse(JSON.parse(b.text));
    expect(rb.device).toEqual({ id: ra.device.id, seq: 2 });
    expect(rb.previousReceipt).toEqual({ seq: 1, recordingId: 'rec_a', sha256: a.sha256 });
    expect(rb.audit.links.fromSeq).toBe(ra.audit.head.seq);
    expect(rb.audit.links.prevHash).toBe(ra.audit.head.hash);
    expect(rb.audit.links.hashes).toHaveLength(4); // delivery.completed of rec_a, then rec_b's three

    // Another bucket is another chain: it starts at #1 and anchors the log from its beginning.
    const other = ReceiptSchema.parse(JSON.parse(issuer.issue({ recordingId: 'rec_c', sessionId: null, profile: { ...profile, bucket: 'other-bucket' }, manifest: manifest(3) }).text));
    expect(other.device.seq).toBe(1);
    expect(other.audit.links.fromSeq).toBe(0);

    const loaded = [load(a), load(b), load({ ...issuer.issue({ recordingId: 'rec_c', sessionId: null, profile, manifest: manifest(3) }), recordingId: 'rec_c' })];
    for (const r of loaded) expect(checkReceipt(r).filter((f) => f.level !== 'ok')).toEqual([]);
    expect(checkChains(loaded).filter((f) => f.level !== 'ok')).toEqual([]);
  });

  it('a rewritten, re-hashed audit log passes its own check but breaks the next receipt’s link and disagrees with the anchored hashes', () => {
    const { db, file, audit, issuer } = setup();
    record(audit, 'rec_a');
    const a = issuer.issue({ recordingId: 'rec_a', sessionId: null, profile, manifest: manifest(1) });
    rewriteAuditEvent<JsonObject>(db, (r) => r.seq === 2, () => ({ durationSec: 30 }), { genesis: GENESIS_HASH, seal: (e) => ({ dataJson: canonicalJson(e.data), hash: hashAuditEvent(e) }) }); // rec_a's recording.stopped now says 30 s
    expect(audit.verify().ok).toBe(true); // the local check cannot see it: every hash was redone
    record(audit, 'rec_b');
    const b = issuer.issue({ recordingId: 'rec_b', sessionId: null, profile, manifest: manifest(2) });

    const chain = checkChains([load(a), load(b)]).filter((f) => f.level === 'mismatch');
    expect(chain).toHaveLength(1);
    expect(chain[0]!.message).toMatch(/Receipt #2 does not follow receipt #1: its audit links continue from event #3 .*rewritten/);

    const db2 = readAuditDatabase(file);
    const compared = compareDatabase([load(a)], db2).filter((f) => f.level === 'mismatch');
    expect(compared.map((f) => f.message).join('\n')).toMatch(/event #2 \(recording\.stopped\) has hash .* in the database, but the bucket anchored/);
  });

  it('names an event whose copy in the receipt was altered', () => {
    const { audit, issuer } = setup();
    record(audit, 'rec_a');
    const a = load(issuer.issue({ recordingId: 'rec_a', sessionId: null, profile, manifest: manifest(1) }));
    a.receipt.audit.events[1]!.data = { durationSec: 300 };
    expect(checkReceipt(a).find((f) => f.level === 'mismatch')?.message).toMatch(/Event #2 \(recording\.stopped\) in the receipt was altered/);
  });

  it('reports a missing receipt in the middle as a gap, not a mismatch, and a forged predecessor hash as a mismatch', () => {
    const { audit, issuer } = setup();
    const rows = ['rec_a', 'rec_b', 'rec_c'].map((id, i) => {
      record(audit, id);
      return load({ ...issuer.issue({ recordingId: id, sessionId: null, profile, manifest: manifest(i + 1) }), recordingId: id });
    });
    const gap = checkChains([rows[0]!, rows[2]!]);
    expect(gap.filter((f) => f.level === 'mismatch')).toEqual([]);
    expect(gap.find((f) => f.level === 'warning')?.message).toMatch(/Receipt #2 of device .* is not in what was verified/);
    const forged = { ...rows[1]!, receipt: { ...rows[1]!.receipt, previousReceipt: { ...rows[1]!.receipt.previousReceipt!, sha256: 'f'.repeat(64) } } };
    expect(checkChains([rows[0]!, forged]).find((f) => f.level === 'mismatch')?.message).toMatch(/names receipt #1 with SHA-256 ffffffffffff/);
  });
});
