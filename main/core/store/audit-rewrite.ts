// Used by tests only: what an attacker holding the database file can do to the audit chain. Drop the
// append-only triggers, change one event's data, re-hash it and every event after it and the head, and put
// the append-only trigger back, so the file looks untouched. verify() cannot tell (the chain is
// self-consistent); a receipt delivered to the bucket can (main/core/evidence/receipts.test.ts,
// test/integration/evidence-receipts.test.ts). It is here because SQL is written only under store/; the
// caller passes the audit log's own hashing (`seal`), which the store does not import.
import type { StoredAuditRow } from './audit-store';
import type { Db } from './database';


export interface RewrittenEvent<D> {
  seq: number;
  at: string;
  type: string;
  recordingId: string | null;
  sessionId: string | null;
  data: D;
  prevHash: string;
}

/**
 * Rewrites the first event `pick` chooses with `change(data)` and re-seals the chain from `genesis`
 * (`seal` gives an event's stored JSON and hash); returns the rewritten event's seq.
 */
export function rewriteAuditEvent<D>(
  db: Db,
  pick: (row: { seq: number; type: string; recording_id: string | null }) => boolean,
  change: (data: D) => D,
  chain: { genesis: string; seal(event: RewrittenEvent<D>): { dataJson: string; hash: string } },
): number {
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_head_forward_only;');
  const rows = db.prepare<[], StoredAuditRow>('SELECT * FROM audit_events ORDER BY seq').all();
  const target = rows.find(pick);
  if (!target) throw new Error('rewriteAuditEvent: no event matched');
  db.transaction(() => {
    let prev = chain.genesis;
    const update = db.prepare('UPDATE audit_events SET data_json = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    for (const r of rows) {
      const stored = JSON.parse(r.data_json) as D;
      const data = r.seq === target.seq ? change(stored) : stored;
      const sealed = chain.seal({ seq: r.seq, at: r.at, type: r.type, recordingId: r.recording_id, sessionId: r.session_id, data, prevHash: prev });
      update.run(sealed.dataJson, prev, sealed.hash, r.seq);
      prev = sealed.hash;
    }
    db.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
    db.exec(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;`);
  })();
  return target.seq;
}
