// Verifies a hash chain of stored audit rows against the head record, and when it is broken, says how
// and names the first event concerned. Pure: it takes rows as read from SQLite, so it also runs on a copy
// of someone else's database.
//
// Two independent checks per row: its own hash matches its contents ("self-consistent"), and its
// prev_hash is the stored hash of the event before it ("linked"). Where they fail tells the story:
//   gap in seq                                → removed (middle)
//   head ahead of the last row                → truncated (newest events removed)
//   row beyond the head                       → inserted (appended without moving the head)
//   contents hash correctly at another seq    → reordered (a row moved) — or removed, when the rows
//     or under another row's (seq, prev, hash)    after a deletion were renumbered to close the gap
//   the genuine event for this seq is further → inserted (a forged row pushed the rest down)
//     down the table
//   not self-consistent, nothing above        → edited
//   self-consistent but not linked            → a forgery or a re-hashed predecessor (see linkProblem)
// What no local check can catch: someone who rewrites every hash after their edit AND the head record.
// Anchoring the head hash outside the machine (e.g. with each delivery) is the defence against that.
import type { AuditVerification } from '../../../shared/domain/audit';
import { canonicalJson, type JsonObject } from './canonical-json';
import { GENESIS_HASH, hashAuditEvent } from './event-hash';
import type { AuditHead, StoredAuditRow } from '../store/audit-store';

// The row shapes are the store's (main/core/store/audit-store.ts); the judgement of them is here.
export type { AuditHead, StoredAuditRow };

type Problem = NonNullable<AuditVerification['problem']>;

export function verifyChain(rows: readonly StoredAuditRow[], head: AuditHead | null): AuditVerification {
  const found = findProblem(rows, head);
  return { ok: found === null, events: rows.length, headHash: last(rows)?.hash ?? null, problem: found };
}

function findProblem(rows: readonly StoredAuditRow[], head: AuditHead | null): Problem | null {
  const data = rows.map((row) => readData(row.data_json));
  const hashAt = (i: number, seq: number, prevHash: string): string | null => {
    const row = rows[i]!;
    const d = data[i];
    if (!d) return null;
    return hashAuditEvent({ seq, at: row.at, type: row.type, recordingId: row.recording_id, sessionId: row.session_id, data: d, prevHash });
  };
  const selfOk = rows.map((row, i) => hashAt(i, row.seq, row.prev_hash) === row.hash);

  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const before = i > 0 ? rows[i - 1]! : null;
    if (head && row.seq > head.seq) {
      return problem('inserted', row, `${Name(row)} was added after the newest event recorded in the audit head (#${head.seq}).`);
    }
    if (row.seq < expectedSeq) {
      return problem('inserted', row, `${Name(row)} was inserted: no event can have that sequence number.`);
    }
    if (row.seq > expectedSeq) {
      const range = row.seq - 1 > expectedSeq ? `Events #${expectedSeq}–#${row.seq - 1} are` : `Event #${expectedSeq} is`;
      return {
        kind: 'removed',
        seq: expectedSeq,
        type: null,
        message: `${range} missing: ${before ? name(before) : 'the start of the log'} is followed by ${name(row)}.`,
      };
    }
    if (selfOk[i] && row.prev_hash === expectedPrev) {
      expectedSeq = row.seq + 1;
      expectedPrev = row.hash;
      continue;
    }

    const home = homeSeq(i);
    if (home !== null) {
      const prevKnown = row.prev_hash === GENESIS_HASH || rows.some((r) => r.hash === row.prev_hash);
      if (home.seq > row.seq && !prevKnown && home.own) {
        return {
          kind: 'removed',
          seq: row.seq,
          type: null,
          message:
            `Event #${row.seq} is missing: the events after it were renumbered to close the gap ` +
            `(the event now at #${row.seq}, ${row.type}, was recorded as #${home.seq}).`,
        };
      }
      return problem('reordered', row, `${Name(row)} is out of place: its contents were recorded as event #${home.seq}.`);
    }
    if (genuineFollows(i, row.seq, expectedPrev)) {
      return problem('inserted', row, `${Name(row)} was inserted: the genuine event #${row.seq} comes after it, renumbered.`);
    }
    if (!selfOk[i]) {
      return problem('edited', row, `${Name(row)} was altered after it was written: its contents no longer match its hash.`);
    }
    return linkProblem(i, before);
  }

  if (!head) {
    return { kind: 'truncated', seq: null, type: null, message: 'The audit head record is missing, so removal of the newest events cannot be ruled out.' };
  }
  const tail = last(rows);
  const lastSeq = tail?.seq ?? 0;
  if (head.seq > lastSeq) {
    const range = head.seq > lastSeq + 1 ? `Events #${lastSeq + 1}–#${head.seq} are` : `Event #${head.seq} is`;
    return {
      kind: 'truncated',
      seq: lastSeq + 1,
      type: null,
      message: `${range} missing from the end of the log: the audit head records #${head.seq}, the log ends at ${tail ? name(tail) : 'nothing'}.`,
    };
  }
  if (head.hash !== (tail?.hash ?? GENESIS_HASH)) {
    return tail
      ? problem('edited', tail, `${Name(tail)} was replaced or re-hashed: its hash differs from the one recorded in the audit head.`)
      : { kind: 'edited', seq: null, type: null, message: 'The audit head record was altered: the log is empty but the head is not.' };
  }
  return null;

  /**
   * The seq at which row i's contents hash correctly, when that is not where it sits: with its own
   * prev/hash (the whole row moved or was renumbered), or under another broken row's seq, prev and hash
   * (only the contents were swapped).
   */
  function homeSeq(i: number): { seq: number; own: boolean } | null {
    const row = rows[i]!;
    const maxSeq = Math.max(head?.seq ?? 0, last(rows)?.seq ?? 0);
    for (let seq = 1; seq <= maxSeq; seq++) {
      if (seq !== row.seq && hashAt(i, seq, row.prev_hash) === row.hash) return { seq, own: true };
    }
    for (let j = 0; j < rows.length; j++) {
      const other = rows[j]!;
      if (j !== i && !selfOk[j] && hashAt(i, other.seq, other.prev_hash) === other.hash) return { seq: other.seq, own: false };
    }
    return null;
  }

  /** True when a later row is the genuine event for `seq`: linked to `prevHash` and hashing at `seq`. */
  function genuineFollows(i: number, seq: number, prevHash: string): boolean {
    for (let j = i + 1; j < rows.length; j++) {
      if (rows[j]!.prev_hash === prevHash && hashAt(j, seq, prevHash) === rows[j]!.hash) return true;
    }
    return false;
  }

  /**
   * Row i hashes correctly but is not chained to its predecessor. If the next event is chained to row i,
   * the predecessor is the odd one out: it was altered and re-hashed. Otherwise row i is a forgery,
   * appended (last row) or in place of the original (middle).
   */
  function linkProblem(i: number, before: StoredAuditRow | null): Problem {
    const row = rows[i]!;
    const next = rows[i + 1];
    if (before && next && next.prev_hash === row.hash) {
      return problem('edited', before, `${Name(before)} was altered and re-hashed: ${name(row)} is chained to a different #${before.seq}.`);
    }
    if (!next) {
      return problem(
        'inserted',
        row,
        `${Name(row)} is forged: it is not chained to ${before ? name(before) : 'the start of the log'}` +
          `${before ? ` (or #${before.seq} was altered and re-hashed)` : ''}.`,
      );
    }
    return problem('edited', row, `${Name(row)} was replaced by a forged event: it is not chained to its neighbours.`);
  }
}

function problem(kind: Problem['kind'], row: StoredAuditRow, message: string): Problem {
  return { kind, seq: row.seq, type: row.type, message };
}

function name(row: StoredAuditRow): string {
  return `event #${row.seq} (${row.type})`;
}

function Name(row: StoredAuditRow): string {
  return `Event #${row.seq} (${row.type})`;
}

function last<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

/** Stored data must be the canonical JSON of an object; anything else was not written by append. */
function readData(dataJson: string): JsonObject | null {
  try {
    const parsed: unknown = JSON.parse(dataJson);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return canonicalJson(parsed as JsonObject) === dataJson ? (parsed as JsonObject) : null;
  } catch {
    return null;
  }
}
