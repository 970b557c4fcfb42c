// The SQLite index of recordings: their persisted state, segments, chunk index and artifacts. It is an
// index, not the truth — rebuildChunkIndex() reconstructs the chunk rows from the journal files.
import type { Artifact } from '../../../shared/domain/artifact';
import {
  RecordingSourceSchema,
  RecordingStateSchema,
  type RecordingSnapshot,
  type RecordingSource,
  type RecordingState,
} from '../../../shared/domain/recording';
import type { Db } from './database';

/** A segment as the index keeps it (the journal's segment header: recording/segment-writer.ts). */
export interface SegmentMeta {
  segment: number;
  mime: string;
  reason: string;
  startedAt: string;
}

/** A chunk as the index keeps it: where its payload is in the segment file, and its SHA-256. */
export interface JournalRecord {
  seq: number;
  /** Offset of the payload (not the header) in the segment file. */
  offset: number;
  length: number;
  sha256: string;
}

export interface NewRecording {
  id: string;
  title: string;
  source: RecordingSource;
  sessionId: string | null;
  participant: string | null;
  profileId: string | null;
  /** The service desk's ticket reference, when the recording was started with one. */
  ticket?: string | null;
  createdAt: string;
  state: RecordingState;
}

interface RecordingRow {
  id: string;
  state: string;
  state_json: string;
  source_json: string;
  session_id: string | null;
  participant: string | null;
  profile_id: string | null;
  ticket: string | null;
  title: string;
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
  duration_sec: number | null;
  segments: number;
  chunks: number;
  bytes: number;
}

export interface RecordingStore {
  insert(r: NewRecording): void;
  setState(id: string, state: RecordingState, now: string): void;
  setTimes(id: string, times: { startedAt?: string; stoppedAt?: string; durationSec?: number }): void;
  get(id: string): RecordingSnapshot | null;
  list(limit?: number): RecordingSnapshot[];
  inStates(states: string[]): RecordingSnapshot[];
  addSegment(id: string, meta: SegmentMeta): void;
  endSegment(id: string, segment: number, at: string): void;
  indexChunk(id: string, segment: number, chunk: { seq: number; offset: number; length: number; sha256: string }): void;
  rebuildChunkIndex(id: string, meta: SegmentMeta, records: JournalRecord[]): void;
  setArtifacts(id: string, artifacts: Artifact[], at: string): void;
  /** One artifact's file and its recording's title (the library's media and export requests). */
  artifactWithTitle(id: string, kind: string): { path: string; title: string } | undefined;
  /** A recording's segments in order, for the library's detail. */
  segmentsOf(id: string): Array<{ segment: number; reason: string; startedAt: string; endedAt: string | null }>;
  /** The recordings of one session (composite and participants) in the order they started, at most 32. */
  sessionRecordingIds(sessionId: string): string[];
  /** Renames a recording; false when there is no such recording. */
  rename(id: string, title: string, at: string): boolean;
  /** Replaces a recording's tags with `tags` (duplicates dropped), in one transaction. */
  replaceTags(id: string, tags: string[], at: string): void;
  /** Deletes a recording's row; its segments, chunks, artifacts, tags and delivery go with it (ON DELETE CASCADE). */
  remove(id: string): void;
}

export function createRecordingStore(db: Db): RecordingStore {
  const SELECT = `
    SELECT r.*,
      (SELECT COUNT(*) FROM segments s WHERE s.recording_id = r.id) AS segments,
      (SELECT COUNT(*) FROM chunks c WHERE c.recording_id = r.id) AS chunks,
      (SELECT COALESCE(SUM(length), 0) FROM chunks c WHERE c.recording_id = r.id) AS bytes
    FROM recordings r`;
  const insert = db.prepare(
    `INSERT INTO recordings (id, state, state_json, source_json, session_id, participant, profile_id, ticket, title, created_at, updated_at)
     VALUES (@id, @state, @state_json, @source_json, @session_id, @participant, @profile_id, @ticket, @title, @created_at, @created_at)`,
  );
  const updateState = db.prepare('UPDATE recordings SET state = ?, state_json = ?, updated_at = ? WHERE id = ?');
  const selectOne = db.prepare<[string], RecordingRow>(`${SELECT} WHERE r.id = ?`);
  const selectAll = db.prepare<[number], RecordingRow>(`${SELECT} ORDER BY r.created_at DESC, r.id DESC LIMIT ?`);
  const selectByStates = (states: string[]) =>
    db.prepare<string[], RecordingRow>(`${SELECT} WHERE r.state IN (${states.map(() => '?').join(',')}) ORDER BY r.created_at`).all(...states);
  const insertSegment = db.prepare(
    'INSERT OR REPLACE INTO segments (recording_id, segment, reason, mime, started_at) VALUES (?, ?, ?, ?, ?)',
  );
  const endSegment = db.prepare('UPDATE segments SET ended_at = ? WHERE recording_id = ? AND segment = ? AND ended_at IS NULL');
  const insertChunk = db.prepare(
    'INSERT OR REPLACE INTO chunks (recording_id, segment, seq, file_offset, length, sha256) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const deleteChunks = db.prepare('DELETE FROM chunks WHERE recording_id = ? AND segment = ?');
  const selectArtifactWithTitle = db.prepare<[string, string], { path: string; title: string }>(
    'SELECT a.path, r.title FROM artifacts a JOIN recordings r ON r.id = a.recording_id WHERE a.recording_id = ? AND a.kind = ?',
  );
  const selectSegments = db.prepare<[string], { segment: number; reason: string; started_at: string; ended_at: string | null }>(
    'SELECT segment, reason, started_at, ended_at FROM segments WHERE recording_id = ? ORDER BY segment',
  );
  const selectSession = db.prepare<[string], { id: string }>('SELECT id FROM recordings WHERE session_id = ? ORDER BY COALESCE(started_at, created_at), id LIMIT 32');
  const renameRow = db.prepare('UPDATE recordings SET title = ?, updated_at = ? WHERE id = ?');
  const clearTags = db.prepare('DELETE FROM recording_tags WHERE recording_id = ?');
  const addTag = db.prepare('INSERT OR IGNORE INTO recording_tags (recording_id, tag, created_at) VALUES (?, ?, ?)');
  const deleteRow = db.prepare('DELETE FROM recordings WHERE id = ?');
  const selectArtifacts = db.prepare<[string], { kind: Artifact['kind']; path: string; bytes: number; sha256: string }>(
    'SELECT kind, path, bytes, sha256 FROM artifacts WHERE recording_id = ? ORDER BY rowid',
  );
  const deleteArtifacts = db.prepare('DELETE FROM artifacts WHERE recording_id = ?');
  const insertArtifact = db.prepare('INSERT INTO artifacts (recording_id, kind, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const setTimes = db.prepare(
    'UPDATE recordings SET started_at = COALESCE(started_at, @started_at), stopped_at = COALESCE(stopped_at, @stopped_at), duration_sec = COALESCE(@duration_sec, duration_sec) WHERE id = @id',
  );

  function toSnapshot(row: RecordingRow): RecordingSnapshot {
    const detail = RecordingStateSchema.parse(JSON.parse(row.state_json));
    return {
      id: row.id,
      title: row.title,
      state: detail.status,
      detail,
      source: RecordingSourceSchema.parse(JSON.parse(row.source_json)),
      sessionId: row.session_id,
      participant: row.participant,
      profileId: row.profile_id,
      ticket: row.ticket,
      createdAt: row.created_at,
      startedAt: row.started_at,
      stoppedAt: row.stopped_at,
      durationSec: row.duration_sec,
      segments: row.segments,
      chunks: row.chunks,
      bytes: row.bytes,
      artifacts: selectArtifacts.all(row.id),
    };
  }

  return {
    insert(r: NewRecording): void {
      insert.run({
        id: r.id,
        state: r.state.status,
        state_json: JSON.stringify(r.state),
        source_json: JSON.stringify(r.source),
        session_id: r.sessionId,
        participant: r.participant,
        profile_id: r.profileId,
        ticket: r.ticket ?? null,
        title: r.title,
        created_at: r.createdAt,
      });
    },
    setState(id: string, state: RecordingState, now: string): void {
      updateState.run(state.status, JSON.stringify(state), now, id);
    },
    setTimes(id: string, times: { startedAt?: string; stoppedAt?: string; durationSec?: number }): void {
      setTimes.run({ id, started_at: times.startedAt ?? null, stopped_at: times.stoppedAt ?? null, duration_sec: times.durationSec ?? null });
    },
    get(id: string): RecordingSnapshot | null {
      const row = selectOne.get(id);
      return row ? toSnapshot(row) : null;
    },
    list(limit = 500): RecordingSnapshot[] {
      return selectAll.all(limit).map(toSnapshot);
    },
    inStates(states: string[]): RecordingSnapshot[] {
      return selectByStates(states).map(toSnapshot);
    },
    addSegment(id: string, meta: SegmentMeta): void {
      insertSegment.run(id, meta.segment, meta.reason, meta.mime, meta.startedAt);
    },
    endSegment(id: string, segment: number, at: string): void {
      endSegment.run(at, id, segment);
    },
    indexChunk(id: string, segment: number, chunk: { seq: number; offset: number; length: number; sha256: string }): void {
      insertChunk.run(id, segment, chunk.seq, chunk.offset, chunk.length, chunk.sha256);
    },
    /** Replaces a segment's chunk rows with what the journal actually holds. */
    rebuildChunkIndex: db.transaction((id: string, meta: SegmentMeta, records: JournalRecord[]) => {
      insertSegment.run(id, meta.segment, meta.reason, meta.mime, meta.startedAt);
      deleteChunks.run(id, meta.segment);
      for (const r of records) insertChunk.run(id, meta.segment, r.seq, r.offset, r.length, r.sha256);
    }),
    setArtifacts: db.transaction((id: string, artifacts: Artifact[], at: string) => {
      deleteArtifacts.run(id);
      for (const a of artifacts) insertArtifact.run(id, a.kind, a.path, a.bytes, a.sha256, at);
    }),
    artifactWithTitle: (id, kind) => selectArtifactWithTitle.get(id, kind),
    segmentsOf: (id) => selectSegments.all(id).map((r) => ({ segment: r.segment, reason: r.reason, startedAt: r.started_at, endedAt: r.ended_at })),
    sessionRecordingIds: (sessionId) => selectSession.all(sessionId).map((r) => r.id),
    rename: (id, title, at) => renameRow.run(title, at, id).changes > 0,
    replaceTags: db.transaction((id: string, tags: string[], at: string) => {
      clearTags.run(id);
      for (const tag of new Set(tags)) addTag.run(id, tag, at);
    }),
    remove(id) {
      deleteRow.run(id);
    },
  };
}
