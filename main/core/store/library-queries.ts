// The library's reads: one light row per recording (no per-chunk counting), paged newest first and
// searched in SQLite, so the first page and a search over 100,000 recordings cost milliseconds. The
// delivery state is joined read-only from the delivery engine's table when that table exists.
import { performance } from 'node:perf_hooks';
import {
  LIBRARY_DELIVERY_GROUPS,
  LIBRARY_STATE_GROUPS,
  type LibraryEntry,
  type LibraryPage,
  type LibraryQuery,
} from '../../../shared/domain/library';
import { objectLocation, parseBucketLocation, type ObjectLocation } from '../../../shared/domain/object-location';
import { RecordingStatusSchema } from '../../../shared/domain/recording';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { parseSearch } from './search-query';

interface EntryRow {
  id: string;
  title: string;
  state: string;
  source_kind: string | null;
  session_id: string | null;
  participant: string | null;
  profile_id: string | null;
  ticket: string | null;
  created_at: string;
  started_at: string | null;
  duration_sec: number | null;
  tags: string | null;
  has_snapshot: number;
  has_waveform: number;
  mp4_bytes: number | null;
  interrupted: number;
  delivery_state: string | null;
  delivery_location: string | null;
  mp4_object: string | null;
}

const TAG_SEPARATOR = '\u001f';

export interface LibraryQueries {
  page(query: LibraryQuery): LibraryPage;
  entry(id: string): LibraryEntry | null;
  /** Whether the delivery engine's tables exist in this database (they arrive with its migration). */
  hasDeliveries(): boolean;
}

export function createLibraryQueries(db: Db): LibraryQueries {
  const tableExists = (name: string) =>
    db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)!.n > 0;
  let deliveries: boolean | null = null;
  const hasDeliveries = () => (deliveries ??= tableExists('deliveries'));
  // Where the MP4 went: the location kept on the delivery (or its profile's, for rows older than that
  // column) and the MP4 object's key and status, joined like the state (one row per recording at most).
  let locations: string | null = null;
  const locationColumns = () =>
    (locations ??=
      hasDeliveries() && tableExists('delivery_objects') && tableExists('profiles') && db.prepare<[], { name: string }>('PRAGMA table_info(deliveries)').all().some((c) => c.name === 'location_json')
        ? `(SELECT COALESCE(d.location_json, (SELECT p.config_json FROM profiles p WHERE p.id = d.profile_id)) FROM deliveries d WHERE d.recording_id = r.id) AS delivery_location,
    (SELECT o.key || char(31) || o.status FROM delivery_objects o WHERE o.recording_id = r.id AND o.kind = 'mp4' ORDER BY o.seq LIMIT 1) AS mp4_object`
        : 'NULL AS delivery_location, NULL AS mp4_object');

  const columns = () => `
    r.id, r.title, r.state, json_extract(r.source_json, '$.kind') AS source_kind, r.session_id, r.participant,
    r.profile_id, r.ticket, r.created_at, r.started_at, r.duration_sec,
    (SELECT group_concat(t.tag, char(31)) FROM recording_tags t WHERE t.recording_id = r.id) AS tags,
    EXISTS (SELECT 1 FROM artifacts a WHERE a.recording_id = r.id AND a.kind = 'snapshot') AS has_snapshot,
    EXISTS (SELECT 1 FROM artifacts a WHERE a.recording_id = r.id AND a.kind = 'waveform') AS has_waveform,
    (SELECT a.bytes FROM artifacts a WHERE a.recording_id = r.id AND a.kind = 'mp4') AS mp4_bytes,
    EXISTS (SELECT 1 FROM audit_events e WHERE e.recording_id = r.id AND e.type = 'recording.interrupted') AS interrupted,
    ${hasDeliveries() ? '(SELECT d.state FROM deliveries d WHERE d.recording_id = r.id)' : 'NULL'} AS delivery_state,
    ${locationColumns()}`;

  const statements = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      statements.set(sql, s);
    }
    return s;
  };

  /**
   * Without words: recordings are read in index order (created_at DESC, id DESC) and the page is sliced
   * off it. With words: FTS5 finds the matches and library_search_docs sorts them by its mirrored
   * created_at, so only the page's rows are ever read from recordings.
   */
  function page(query: LibraryQuery): LibraryPage {
    const started = performance.now();
    const done = (total: number, entries: LibraryEntry[]): LibraryPage => ({ total, offset: query.offset, entries, tookMs: performance.now() - started });
    const search = parseSearch(query.search);
    if (search.empty) return done(0, []);
    const bySearch = search.match !== null;
    const idColumn = bySearch ? 'd.recording_id' : 'r.id';
    const createdColumn = bySearch ? 'd.created_at' : 'r.created_at';
    const where: string[] = [];
    const params: unknown[] = [];
    let needsRecordings = !bySearch;
    if (bySearch) {
      where.push('library_search MATCH ?');
      params.push(search.match);
    }
    if (search.dateRange) {
      where.push(`${createdColumn} >= ? AND ${createdColumn} < ?`);
      params.push(search.dateRange.from, search.dateRange.to);
    }
    const states = [...new Set((query.states ?? []).flatMap((group) => LIBRARY_STATE_GROUPS[group]))];
    if (states.length) {
      needsRecordings = true;
      where.push(`r.state IN (${states.map(() => '?').join(', ')})`);
      params.push(...states);
    }
    const delivery = query.delivery ?? [];
    if (delivery.length) {
      if (!hasDeliveries()) {
        if (!delivery.includes('none')) return done(0, []);
      } else {
        const wanted = [...new Set(delivery.flatMap((group) => (group === 'none' ? [] : LIBRARY_DELIVERY_GROUPS[group])))];
        const parts: string[] = [];
        if (delivery.includes('none')) parts.push(`NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.recording_id = ${idColumn})`);
        if (wanted.length) {
          parts.push(`EXISTS (SELECT 1 FROM deliveries x WHERE x.recording_id = ${idColumn} AND x.state IN (${wanted.map(() => '?').join(', ')}))`);
          params.push(...wanted);
        }
        where.push(`(${parts.join(' OR ')})`);
      }
    }
    const from = bySearch
      ? `FROM library_search s JOIN library_search_docs d ON d.doc = s.rowid${needsRecordings ? ' JOIN recordings r ON r.id = d.recording_id' : ''}`
      : 'FROM recordings r';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (prepared(`SELECT COUNT(*) AS n ${from} ${whereSql}`).get(...params) as { n: number }).n;
    if (query.offset >= total) return done(total, []);
    const order = `ORDER BY ${createdColumn} DESC, ${idColumn} DESC LIMIT ? OFFSET ?`;
    if (!bySearch) {
      const rows = prepared(`SELECT ${columns()} ${from} ${whereSql} ${order}`).all(...params, query.limit, query.offset) as EntryRow[];
      return done(total, rows.map(toEntry));
    }
    const ids = (prepared(`SELECT ${idColumn} AS id ${from} ${whereSql} ${order}`).all(...params, query.limit, query.offset) as Array<{ id: string }>).map((r) => r.id);
    const rows = ids.length
      ? (prepared(`SELECT ${columns()} FROM recordings r WHERE r.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as EntryRow[])
      : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return done(total, ids.map((id) => byId.get(id)).filter((row): row is EntryRow => row !== undefined).map(toEntry));
  }

  function entry(id: string): LibraryEntry | null {
    const row = prepared(`SELECT ${columns()} FROM recordings r WHERE r.id = ?`).get(id) as EntryRow | undefined;
    return row ? toEntry(row) : null;
  }

  return { page, entry, hasDeliveries };
}

function toEntry(row: EntryRow): LibraryEntry {
  const state = RecordingStatusSchema.safeParse(row.state);
  const interrupted = row.interrupted === 1;
  // Recovery finalizes too; its owner is gone, so it is shown as recovering, never as a live finalize.
  const status = state.success ? (interrupted && state.data === 'finalizing' ? 'recovering' : state.data) : 'failed';
  return {
    id: row.id,
    title: row.title,
    state: status,
    sourceKind: row.source_kind ?? 'unknown',
    sessionId: row.session_id,
    participant: row.participant,
    profileId: row.profile_id,
    ticket: row.ticket,
    createdAt: row.created_at,
    startedAt: row.started_at,
    durationSec: row.duration_sec,
    tags: row.tags ? row.tags.split(TAG_SEPARATOR).sort() : [],
    hasSnapshot: row.has_snapshot === 1,
    hasWaveform: row.has_waveform === 1,
    mp4Bytes: row.mp4_bytes,
    delivery: row.delivery_state,
    location: mp4Location(row),
    recovered: interrupted && (status === 'ready' || status === 'failed'),
  };
}

function mp4Location(row: EntryRow): ObjectLocation | null {
  const where = parseBucketLocation(row.delivery_location);
  if (!where || !row.mp4_object) return null;
  const [key = '', status] = row.mp4_object.split(TAG_SEPARATOR);
  return key ? objectLocation(where, key, status === 'delivered') : null;
}
