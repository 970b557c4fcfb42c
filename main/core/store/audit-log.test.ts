// The audit log over its real tables (audit-store.ts, migration 3): appending, verifying, and tampering done
// in SQL, as anyone holding the database file could, which verify() must detect. It lives with the store
// because the tampering is SQL, and SQL is written only under main/core/store/.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditVerificationSchema, type AuditEventType } from '../../../shared/domain/audit';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import { canonicalJson, type JsonObject } from '../audit/canonical-json';
import { GENESIS_HASH, hashAuditEvent } from '../audit/event-hash';
import { registerSecret } from '../secrets/redact';
import { openDatabase, type Db } from './database';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-audit-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'test.db'));
  dbs.push(db);
  return db;
}

/** A clock that moves one second per reading, so every event has a distinct, predictable `at`. */
function steppingClock(start = Date.parse('2025-03-01T09:00:00.000Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

const STORY: AuditEventType[] = [
  'consent.shown', // 1
  'consent.acknowledged', // 2
  'recording.started', // 3
  'recording.paused', // 4
  'recording.resumed', // 5
  'recording.stopped', // 6
  'recording.finalized', // 7
  'delivery.completed', // 8
];

function seeded(): { db: Db; log: AuditLog } {
  const db = tempDb();
  const log = createAuditLog(db, steppingClock());
  STORY.forEach((type, i) => log.append(type, { recordingId: 'rec-1', sessionId: 'sess-1', data: { step: i + 1, note: `n${i + 1}` } }));
  expect(log.verify().ok).toBe(true);
  return { db, log };
}

/** What an attacker holding the file does first: remove the append-only triggers. */
function dropAuditTriggers(db: Db): void {
  const triggers = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_events', 'audit_head')")
    .all();
  expect(triggers.length).toBeGreaterThan(0);
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
}

function head(db: Db): { seq: number; hash: string } {
  return db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1').get()!;
}

function row(db: Db, seq: number) {
  return db.prepare<[number], Record<string, string | number | null>>('SELECT * FROM audit_events WHERE seq = ?').get(seq)!;
}

/** Verifies, checks the result against the shared schema, and returns the problem. */
function brokenProblem(log: AuditLog) {
  const result = AuditVerificationSchema.parse(log.verify());
  expect(result.ok).toBe(false);
  return result.problem!;
}

describe('audit log: appending', () => {
  it('chains events from the genesis hash with SHA-256 over canonical sorted-key JSON', () => {
    const db = tempDb();
    const log = createAuditLog(db, () => new Date('2025-03-01T09:00:00.000Z'));
    const first = log.append('recording.started', { recordingId: 'rec-1', data: { z: 1, a: { y: true, b: [2, 1] } } });
    const expectedText =
      '{"at":"2025-03-01T09:00:00.000Z","data":{"a":{"b":[2,1],"y":true},"z":1},"prevHash":"' +
      GENESIS_HASH +
      '","recordingId":"rec-1","seq":1,"sessionId":null,"type":"recording.started"}';
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(first.hash).toBe(createHash('sha256').update(expectedText).digest('hex'));
    const second = log.append('recording.stopped', { recordingId: 'rec-1' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, sessionId: null, data: {} });
    expect(row(db, 1).data_json).toBe('{"a":{"b":[2,1],"y":true},"z":1}');
  });

  it('keeps the head record at the newest (seq, hash) after every append', () => {
    const db = tempDb();
    const log = createAuditLog(db, steppingClock());
    expect(head(db)).toEqual({ seq: 0, hash: GENESIS_HASH });
    for (const type of STORY) {
      const event = log.append(type);
      expect(head(db)).toEqual({ seq: event.seq, hash: event.hash });
    }
  });

  it('is append-only at the SQL level: UPDATE, DELETE, off-chain INSERT and head rewinds are refused', () => {
    const { db } = seeded();
    expect(() => db.prepare("UPDATE audit_events SET type = 'recording.failed' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 8').run()).toThrow(/append-only/);
    expect(() =>
      db.prepare("INSERT INTO audit_events VALUES (20, 'x', 'recording.failed', NULL, NULL, '{}', ?, ?)").run(head(db).hash, 'f'.repeat(64)),
    ).toThrow(/must follow the audit head/);
    expect(() => db.prepare("UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7)").run()).toThrow(/only moves forward/);
    expect(() => db.prepare('DELETE FROM audit_head').run()).toThrow(/cannot be deleted/);
  });

  it('joins the caller\'s transaction: rolled back together with the state change it records', () => {
    const db = tempDb();
    const log = createAuditLog(db, steppingClock());
    log.append('recording.started', { recordingId: 'rec-1' });
    const stopAndAudit = db.transaction(() => {
      log.append('recording.stopped', { recordingId: 'rec-1' });
      throw new Error('state write failed');
    });
    expect(() => stopAndAudit()).toThrow('state write failed');
    expect(log.list().map((e) => e.type)).toEqual(['recording.started']);
    expect(head(db).seq).toBe(1);
    expect(log.verify().ok).toBe(true);
  });

  it('refuses data that looks like it carries a secret, without echoing the value', () => {
    const log = createAuditLog(tempDb(), steppingClock());
    registerSecret('AKIAEXAMPLEKEYVALUE');
    const attempts: Array<Record<string, unknown>> = [
      { password: 'hunter22' },
      { s3: { secretAccessKey: 'wJalrXUtnFEMI' } },
      { participants: [{ name: 'a', livekitToken: 'eyJhbGciOi' }] },
      { note: 'password=hunter22xyz' },
      { note: 'uploaded with AKIAEXAMPLEKEYVALUE' },
    ];
    for (const data of attempts) {
      let error: unknown;
      try {
        log.append('delivery.completed', { data });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/must not contain secrets/) });
      expect((error as Error).message).not.toMatch(/hunter22|wJalr|eyJhb|AKIAEXAMPLE/);
    }
    expect(log.list()).toEqual([]);
    expect(() => log.append('not.a.type' as AuditEventType)).toThrow(/Unknown audit event type/);
  });

  it('lists by recording or session, oldest first, the newest N with a limit', () => {
    const log = createAuditLog(tempDb(), steppingClock());
    log.append('recording.started', { recordingId: 'a', sessionId: 's1' });
    log.append('recording.started', { recordingId: 'b', sessionId: 's1' });
    log.append('recording.stopped', { recordingId: 'a', sessionId: 's1' });
    log.append('recording.finalized', { recordingId: 'a' });
    expect(log.list({ recordingId: 'a' }).map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(log.list({ sessionId: 's1' }).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log.list({ recordingId: 'a', limit: 2 }).map((e) => e.type)).toEqual(['recording.stopped', 'recording.finalized']);
    expect(log.list().length).toBe(4);
  });
});

describe('audit log: verification', () => {
  it('verifies an intact chain of 1,000 events', () => {
    const db = tempDb();
    const log = createAuditLog(db, steppingClock());
    let last = '';
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        last = log.append(STORY[i % STORY.length]!, { recordingId: `rec-${i % 7}`, sessionId: `s-${i % 3}`, data: { i, half: i / 2 } }).hash;
      }
    })();
    const started = performance.now();
    const result = AuditVerificationSchema.parse(log.verify());
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: true, events: 1000, headHash: last, problem: null });
    expect(head(db)).toEqual({ seq: 1000, hash: last });
    expect(ms).toBeLessThan(2000);
  });

  it('verifies an empty log', () => {
    expect(createAuditLog(tempDb(), steppingClock()).verify()).toEqual({ ok: true, events: 0, headHash: null, problem: null });
  });

  it('names an event whose type was edited', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare("UPDATE audit_events SET type = 'recording.resumed' WHERE seq = 4").run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'edited', seq: 4, type: 'recording.resumed', message: expect.stringContaining('Event #4 (recording.resumed)') });
  });

  it('names an event whose data was edited', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare(`UPDATE audit_events SET data_json = '{"note":"n5","step":50}' WHERE seq = 5`).run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'edited', seq: 5, type: 'recording.resumed' });
  });

  it('names an event whose data was re-serialised with the same meaning (stored data must be canonical)', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare(`UPDATE audit_events SET data_json = '{"step":5, "note":"n5"}' WHERE seq = 5`).run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'edited', seq: 5 });
  });

  it('names an event whose time was edited', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare("UPDATE audit_events SET at = '2025-03-01T08:00:00.000Z' WHERE seq = 2").run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'edited', seq: 2, type: 'consent.acknowledged' });
  });

  it.each([['recording_id', "'rec-2'"], ['session_id', 'NULL'], ['prev_hash', `'${'1'.repeat(64)}'`], ['hash', `'${'2'.repeat(64)}'`]])(
    'names an event whose %s was edited',
    (column, value) => {
      const { db, log } = seeded();
      dropAuditTriggers(db);
      db.prepare(`UPDATE audit_events SET ${column} = ${value} WHERE seq = 6`).run();
      expect(brokenProblem(log)).toMatchObject({ kind: 'edited', seq: 6, type: 'recording.stopped' });
    },
  );

  it('names the earlier event when an edit was re-hashed to look self-consistent', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    const r = row(db, 4);
    const data: JsonObject = { step: 4, note: 'nothing happened' };
    const forged = hashAuditEvent({ seq: 4, at: String(r.at), type: String(r.type), recordingId: 'rec-1', sessionId: 'sess-1', data, prevHash: String(r.prev_hash) });
    db.prepare('UPDATE audit_events SET data_json = ?, hash = ? WHERE seq = 4').run(canonicalJson(data), forged);
    expect(brokenProblem(log)).toMatchObject({ kind: 'edited', seq: 4, type: 'recording.paused' });
  });

  it('names a removed event in the middle', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare('DELETE FROM audit_events WHERE seq = 5').run();
    const problem = brokenProblem(log);
    expect(problem).toMatchObject({ kind: 'removed', seq: 5, type: null });
    expect(problem.message).toContain('Event #5 is missing');
    expect(problem.message).toContain('event #4 (recording.paused) is followed by event #6 (recording.stopped)');
  });

  it('names a removed event even when the later events were renumbered to hide the gap', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.exec('DELETE FROM audit_events WHERE seq = 5; UPDATE audit_events SET seq = -seq WHERE seq > 5; UPDATE audit_events SET seq = -seq - 1 WHERE seq < 0;');
    db.prepare('UPDATE audit_head SET seq = 7').run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'removed', seq: 5 });
  });

  it('detects the newest event removed, because the head record still names it', () => {
    const { db, log } = seeded();
    const newest = row(db, 8);
    expect(head(db)).toEqual({ seq: 8, hash: newest.hash }); // head consistent with the chain before tampering
    dropAuditTriggers(db);
    db.prepare('DELETE FROM audit_events WHERE seq = 8').run();
    const problem = brokenProblem(log);
    expect(problem).toMatchObject({ kind: 'truncated', seq: 8 });
    expect(problem.message).toContain('the log ends at event #7 (recording.finalized)');
  });

  it('detects the newest events removed together', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare('DELETE FROM audit_events WHERE seq >= 6').run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'truncated', seq: 6, message: expect.stringContaining('Events #6–#8') });
  });

  it('keeps a removed tail detectable after further appends', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare('DELETE FROM audit_events WHERE seq = 8').run();
    log.append('retention.purged');
    expect(brokenProblem(log)).toMatchObject({ kind: 'removed', seq: 8 });
  });

  it('names reordered events when two rows swapped their contents', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    const columns = ['at', 'type', 'recording_id', 'session_id', 'data_json'];
    const a = row(db, 3);
    const b = row(db, 6);
    const set = db.prepare(`UPDATE audit_events SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`);
    db.transaction(() => {
      set.run(...columns.map((c) => b[c]), 3);
      set.run(...columns.map((c) => a[c]), 6);
    })();
    const problem = brokenProblem(log);
    expect(problem).toMatchObject({ kind: 'reordered', seq: 3, type: 'recording.stopped' });
    expect(problem.message).toContain('recorded as event #6');
  });

  it('names reordered events when two whole rows (hashes included) swapped places', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.exec('UPDATE audit_events SET seq = -1 WHERE seq = 4; UPDATE audit_events SET seq = 4 WHERE seq = 5; UPDATE audit_events SET seq = 5 WHERE seq = -1;');
    expect(brokenProblem(log)).toMatchObject({ kind: 'reordered', seq: 4, type: 'recording.resumed', message: expect.stringContaining('#5') });
  });

  it('names a forged event appended with a correct-looking hash but a wrong prev', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    insertForged(db, 9, 'f'.repeat(64));
    const problem = brokenProblem(log);
    expect(problem).toMatchObject({ kind: 'inserted', seq: 9, type: 'recording.deleted' });
  });

  it('names a forged appended event even when the head was moved to it', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    const hash = insertForged(db, 9, 'f'.repeat(64));
    db.prepare('UPDATE audit_head SET seq = 9, hash = ?').run(hash);
    expect(brokenProblem(log)).toMatchObject({ kind: 'inserted', seq: 9, type: 'recording.deleted' });
  });

  it('names a forged event inserted in the middle (later events renumbered to make room)', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.exec('UPDATE audit_events SET seq = -seq WHERE seq >= 4; UPDATE audit_events SET seq = -seq + 1 WHERE seq < 0;');
    insertForged(db, 4, row(db, 2).hash as string); // a real hash, but not of its predecessor
    db.prepare('UPDATE audit_head SET seq = 9').run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'inserted', seq: 4, type: 'recording.deleted' });
  });

  it('names a forged event given a sequence number before the start of the log', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    insertForged(db, 0, GENESIS_HASH);
    expect(brokenProblem(log)).toMatchObject({ kind: 'inserted', seq: 0 });
  });

  it('reports a missing head record', () => {
    const { db, log } = seeded();
    dropAuditTriggers(db);
    db.prepare('DELETE FROM audit_head').run();
    expect(brokenProblem(log)).toMatchObject({ kind: 'truncated', seq: null });
  });
});

/** Inserts a row whose hash is computed correctly over its own (forged) contents and the given prev. */
function insertForged(db: Db, seq: number, prevHash: string): string {
  const fields = {
    seq,
    at: '2025-03-01T09:00:04.500Z',
    type: 'recording.deleted',
    recordingId: 'rec-1',
    sessionId: 'sess-1',
    data: { reason: 'user request' } as JsonObject,
    prevHash,
  };
  const hash = hashAuditEvent(fields);
  db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    seq,
    fields.at,
    fields.type,
    fields.recordingId,
    fields.sessionId,
    canonicalJson(fields.data),
    prevHash,
    hash,
  );
  return hash;
}
