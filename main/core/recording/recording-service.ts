// Owns every recording's lifecycle: creates it, feeds chunks into its journal, moves it through the state
// machine (persisting each state before acting on it), finalizes it, and recovers what a crash left
// behind. Capture sources (ffmpeg devices, the renderer's MediaRecorder, file import) all come through here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Artifact } from '../../../shared/domain/artifact';
import type { AuditEventType } from '../../../shared/domain/audit';
import type { RecordingSnapshot, RecordingSource, RecordingState } from '../../../shared/domain/recording';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import { ioError, writeFileDurable } from '../fs-durable';
import { releaseOwnerLock, tryAcquireOwnerLock } from './owner-lock';
import { recordingPaths } from './recording-paths';
import { isLive, transition, type RecordingEvent } from './recording-state';
import type { RecordingStore } from './recording-store';
import { readJournalSegments, salvageSegments } from './segment-salvage';
import { openSegmentWriter, type SegmentWriter } from './segment-writer';

export interface FinalizeInput {
  recording: RecordingSnapshot;
  segments: string[];
  workDir: string;
  outDir: string;
  annotationsFile: string | null;
  signal: AbortSignal;
}

/** Produces the artifacts (MP4, snapshot, filmstrip, annotations, manifest) from salvaged segments. */
export type Finalizer = (input: FinalizeInput) => Promise<{ durationSec: number; artifacts: Artifact[] }>;

/** What a live capture (ffmpeg device, import) exposes so the lifecycle can drive it. */
export interface CaptureControl {
  /** Ends the capture and resolves once its last chunk is durable. */
  stop(): Promise<void>;
}

export interface RecordingServiceDeps {
  store: RecordingStore;
  recordingsDir: string;
  clock: () => Date;
  log: Logger;
  audit: (type: AuditEventType, entry: { recordingId: string; sessionId: string | null; data: Record<string, unknown> }) => void;
  onChange: (snapshot: RecordingSnapshot) => void;
  finalizer: Finalizer;
  /**
   * Instant delivery may already hold the finished MP4 (main/core/delivery/instant-mode.ts); then finalize
   * need not read and copy the whole journal again, which would put work that grows with the recording's
   * length between Stop and delivery. Null: it does not; finalize the usual way.
   */
  finalizeFast?: (input: FinalizeInput) => Promise<{ durationSec: number; artifacts: Artifact[] } | null>;
  /** Throws DISK_FULL when the data folder is below the configured minimum. */
  checkDisk: () => void;
  /** Free bytes on the data folder's disk. */
  freeBytes: () => number;
  /** Cheap check on every chunk: true once free space is below the minimum. */
  diskIsLow: () => boolean;
  /** Tells the user something they must know (e.g. a recording was stopped because the disk is full). */
  notify: (level: 'info' | 'warning' | 'error', message: string) => void;
  /** Runs fn in one database transaction, so a state change and its audit event land together. */
  atomically: <T>(fn: () => T) => T;
  /** Keeps the machine awake while any recording is live; returns the release function. */
  holdAwake: (reason: string) => () => void;
}

export interface RecordingService {
  create(options: CreateOptions): Promise<RecordingSnapshot>;
  appendChunk(id: string, segment: number, seq: number, data: Uint8Array): Promise<{ segment: number; seq: number; sha256: string; duplicate: boolean }>;
  /** keepSegment: the recorder pauses in-stream (MediaRecorder.pause()), so its segment stays open. */
  pause(id: string, options?: { keepSegment?: boolean }): Promise<RecordingSnapshot>;
  /** inStream: the same MediaRecorder resumes, continuing a segment its in-stream pause kept open. */
  resume(id: string, mime: string, options?: { inStream?: boolean }): Promise<RecordingSnapshot>;
  newSegment(id: string, mime: string, reason: string): Promise<RecordingSnapshot>;
  stop(id: string): Promise<RecordingSnapshot>;
  finalize(id: string): Promise<RecordingSnapshot>;
  recover(id: string): Promise<RecordingSnapshot>;
  recoverAll(): Promise<RecordingSnapshot[]>;
  close(): Promise<void>;
  get(id: string): RecordingSnapshot;
  list(limit?: number): RecordingSnapshot[];
  attachCapture(id: string, control: CaptureControl): void;
  /** Ends a recording as failed (its journal stays for `recover`), stopping its capture. */
  fail(id: string, error: AppError): Promise<void>;
  paths(id: string): ReturnType<typeof recordingPaths>;
}

export interface CreateOptions {
  source: RecordingSource;
  title?: string;
  sessionId?: string | null;
  participant?: string | null;
  profileId?: string | null;
  ticket?: string | null;
  mime: string;
}


export function createRecordingService(deps: RecordingServiceDeps): RecordingService {
  const { store, clock, log } = deps;
  const writers = new Map<string, SegmentWriter>();
  const captures = new Map<string, CaptureControl>();
  const wakeLocks = new Map<string, () => void>();
  const finalizing = new Map<string, Promise<RecordingSnapshot>>();
  const now = () => clock().toISOString();
  const paths = (id: string) => recordingPaths(deps.recordingsDir, id);

  function mustGet(id: string): RecordingSnapshot {
    const snapshot = store.get(id);
    if (!snapshot) throw new AppError('NOT_FOUND', `There is no recording ${id}.`);
    return snapshot;
  }

  /** Applies one event: validate, persist, audit, announce. Other effects are returned to the caller. */
  function apply(id: string, event: RecordingEvent): { state: RecordingState; effects: string[] } {
    const current = mustGet(id);
    const at = now();
    const result = transition(current.detail, event, at);
    if (!result.ok) throw new AppError('ILLEGAL_TRANSITION', `Recording ${id}: ${result.reason}.`);
    const effects: string[] = [];
    deps.atomically(() => {
      store.setState(id, result.state, at);
      if (event.type === 'header-durable') store.setTimes(id, { startedAt: at });
      if (event.type === 'stop') store.setTimes(id, { stoppedAt: at });
      for (const effect of result.effects) {
        if (effect.type === 'audit') {
          deps.audit(effect.event, { recordingId: id, sessionId: current.sessionId, data: auditData(effect.event, current, result.state) });
        } else effects.push(effect.type);
      }
    });
    if (isLive(result.state) && !wakeLocks.has(id)) wakeLocks.set(id, deps.holdAwake(`recording ${id}`));
    if (!isLive(result.state)) {
      wakeLocks.get(id)?.();
      wakeLocks.delete(id);
    }
    deps.onChange(mustGet(id));
    return { state: result.state, effects };
  }

  async function openSegment(id: string, segment: number, mime: string, reason: string): Promise<void> {
    const writer = await openSegmentWriter(paths(id).journal, { segment, mime, reason, startedAt: now() });
    writers.set(id, writer);
    store.addSegment(id, writer.meta);
  }

  async function closeSegment(id: string): Promise<void> {
    const writer = writers.get(id);
    if (!writer) return;
    writers.delete(id);
    await writer.close();
    store.endSegment(id, writer.meta.segment, now());
  }

  async function performStopEffects(id: string, effects: string[]): Promise<void> {
    if (effects.includes('stop-capture')) {
      const capture = captures.get(id);
      captures.delete(id);
      await capture?.stop().catch((error: unknown) => log.warn('capture did not stop cleanly', { id, error: String(error) }));
    }
    if (effects.includes('close-segment')) await closeSegment(id);
  }

  async function create(options: CreateOptions): Promise<RecordingSnapshot> {
    deps.checkDisk();
    const id = `rec_${Date.now().toString(36)}${crypto.randomBytes(5).toString('hex')}`;
    const p = paths(id);
    const createdAt = now();
    const title = options.title?.trim() || defaultTitle(options.source, clock());
    try {
      fs.mkdirSync(p.journal, { recursive: true });
      writeFileDurable(p.meta, JSON.stringify({ id, title, source: options.source, sessionId: options.sessionId ?? null, participant: options.participant ?? null, profileId: options.profileId ?? null, ticket: options.ticket ?? null, createdAt }));
    } catch (error) {
      throw ioError(error, 'creating the recording folder');
    }
    tryAcquireOwnerLock(p.dir);
    store.insert({
      id,
      title,
      source: options.source,
      sessionId: options.sessionId ?? null,
      participant: options.participant ?? null,
      profileId: options.profileId ?? null,
      ticket: options.ticket ?? null,
      createdAt,
      state: { status: 'idle' },
    });
    apply(id, { type: 'start' });
    await openSegment(id, 1, options.mime, 'start');
    return mustGet(id);
  }

  async function appendChunk(id: string, segment: number, seq: number, data: Uint8Array) {
    const writer = writers.get(id);
    if (!writer || writer.meta.segment !== segment) {
      const state = store.get(id)?.state ?? 'unknown';
      throw new AppError('CONFLICT', `Recording ${id} has no open segment ${segment} (it is ${state}).`);
    }
    const chunk = await writer.append(seq, data);
    if (!chunk.duplicate) store.indexChunk(id, segment, chunk);
    if (seq === 0 && !chunk.duplicate && mustGet(id).state === 'starting') apply(id, { type: 'header-durable', segment });
    if (deps.diskIsLow()) stopForLowDisk(id);
    return { segment, seq, sha256: chunk.sha256, duplicate: chunk.duplicate };
  }

  async function pause(id: string, options: { keepSegment?: boolean } = {}): Promise<RecordingSnapshot> {
    // Only a recorder the renderer drives can pause in-stream; a device capture is stopped and restarted.
    const keepSegment = options.keepSegment === true && !captures.has(id) && writers.has(id);
    const { effects } = apply(id, { type: 'pause', keepSegment });
    await performStopEffects(id, effects);
    return mustGet(id);
  }

  async function resume(id: string, mime: string, options: { inStream?: boolean } = {}): Promise<RecordingSnapshot> {
    deps.checkDisk();
    const current = mustGet(id);
    if (current.detail.status !== 'paused') throw new AppError('ILLEGAL_TRANSITION', `Recording ${id}: cannot resume a recording that is ${current.state}.`);
    if (current.detail.segmentOpen) {
      // The same recorder resumes its stream, or (after a reload while paused) a new one starts a segment.
      if (options.inStream && writers.get(id)?.meta.segment === current.detail.segment) {
        apply(id, { type: 'resume', segment: current.detail.segment });
        return mustGet(id);
      }
      await closeSegment(id);
    }
    const segment = current.detail.segment + 1;
    await openSegment(id, segment, mime, 'resume');
    apply(id, { type: 'resume', segment });
    return mustGet(id);
  }

  /** Sleep/wake, renderer reload or capture restart: continue in a new segment of the same recording. */
  async function newSegment(id: string, mime: string, reason: string): Promise<RecordingSnapshot> {
    const current = mustGet(id);
    if (current.detail.status !== 'recording') throw new AppError('ILLEGAL_TRANSITION', `Recording ${id}: cannot start a segment while ${current.state}.`);
    const segment = current.detail.segment + 1;
    const { effects } = apply(id, { type: 'new-segment', segment });
    if (effects.includes('close-segment')) await closeSegment(id);
    await openSegment(id, segment, mime, reason);
    return mustGet(id);
  }

  /**
   * Finalize holds up to three copies of the media at once (the salvaged segments, their remux, the MP4).
   * Refusing up front with numbers beats failing half-way; the journal is untouched either way.
   */
  function assertRoomToFinalize(id: string, journalBytes: number): void {
    const needed = journalBytes * FINALIZE_SPACE_FACTOR;
    const free = deps.freeBytes();
    if (free < needed) {
      throw new AppError(
        'DISK_FULL',
        `Not enough disk space to finalize ${id}: it needs about ${mb(needed)} free and ${mb(free)} is free. ` +
          'Free some space, then run `fieldtape recover`; the recording itself is kept.',
      );
    }
  }

  const stoppingForDisk = new Set<string>();
  /** Stops (asynchronously: the caller may be the capture that stop() waits for) and finalizes. */
  function stopForLowDisk(id: string): void {
    if (stoppingForDisk.has(id)) return;
    stoppingForDisk.add(id);
    const message = `Recording ${id} was stopped because the disk is almost full. Everything recorded so far is kept.`;
    log.warn('low disk space: stopping recording', { id });
    deps.notify('error', message);
    setImmediate(() => {
      void stop(id)
        .catch((error: unknown) => log.error('stop after low disk failed', { id, error: String(error) }))
        .finally(() => stoppingForDisk.delete(id));
    });
  }

  const stopping = new Map<string, Promise<RecordingSnapshot>>();
  /** Stops capture, then finalizes; resolves with the finished (ready or failed) recording. */
  function stop(id: string): Promise<RecordingSnapshot> {
    // A second stop (the user, the low-disk guard and the capture ending may race) joins the first.
    const running = stopping.get(id);
    if (running) return running;
    const { effects } = apply(id, { type: 'stop' });
    const job = (async () => {
      await performStopEffects(id, effects);
      apply(id, { type: 'capture-ended' });
      return finalize(id);
    })().finally(() => stopping.delete(id));
    stopping.set(id, job);
    return job;
  }

  function finalize(id: string): Promise<RecordingSnapshot> {
    const running = finalizing.get(id);
    if (running) return running;
    const job = runFinalize(id).finally(() => finalizing.delete(id));
    finalizing.set(id, job);
    return job;
  }

  async function runFinalize(id: string): Promise<RecordingSnapshot> {
    const p = paths(id);
    try {
      const annotationsFile = fs.existsSync(p.annotations) ? p.annotations : null;
      const fast = await deps.finalizeFast?.({ recording: mustGet(id), segments: [], workDir: p.work, outDir: p.artifacts, annotationsFile, signal: new AbortController().signal });
      if (fast) {
        store.setArtifacts(id, fast.artifacts, now());
        store.setTimes(id, { durationSec: fast.durationSec, stoppedAt: now() });
        apply(id, { type: 'finalized', warnings: [] });
        return mustGet(id);
      }
      const segments = readJournalSegments(p.journal);
      assertRoomToFinalize(id, segments.reduce((sum, s) => sum + s.scan.fileBytes, 0));
      let salvage = salvageSegments(segments, p.work, false);
      for (const report of salvage.reports) log.warn('journal problems found while finalizing', { id, segment: report.segment, problems: report.problems.map((x) => x.message) });
      if (salvage.files.length === 0) {
        // Name the decisive problem first: a lost header chunk is why nothing can be decoded.
        const problems = salvage.reports.flatMap((r) => r.problems);
        const reasons = [...problems.filter((x) => x.kind === 'missing-header'), ...problems.filter((x) => x.kind !== 'missing-header')].map((x) => x.message);
        throw new AppError('CORRUPT_DATA', `Recording ${id} has no recoverable media${reasons.length ? `: ${reasons[0]}` : ' (no chunk was ever made durable).'}`);
      }
      const input = (files: string[]): FinalizeInput => ({
        recording: mustGet(id),
        segments: files,
        workDir: p.work,
        outDir: p.artifacts,
        annotationsFile: fs.existsSync(p.annotations) ? p.annotations : null,
        signal: new AbortController().signal,
      });
      let output;
      try {
        output = await deps.finalizer(input(salvage.files));
      } catch (error) {
        if (!salvage.hadHoles) throw error;
        // A container that cannot survive a hole still decodes up to it.
        log.warn('finalize failed on gapped media; retrying with the intact prefix', { id });
        salvage = salvageSegments(segments, p.work, true);
        output = await deps.finalizer(input(salvage.files));
      }
      store.setArtifacts(id, output.artifacts, now());
      store.setTimes(id, { durationSec: output.durationSec, stoppedAt: now() });
      const warnings = salvage.reports.flatMap((r) => r.problems.map((x) => `segment ${r.segment}: ${x.message}`));
      apply(id, { type: 'finalized', warnings });
      fs.rmSync(p.work, { recursive: true, force: true });
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', `Finalizing ${id} failed unexpectedly.`, String(error));
      log.error('finalize failed', { id, code: appError.code, message: appError.message, detail: appError.detail });
      if (mustGet(id).state !== 'failed') apply(id, { type: 'fail', error: appError.toData() });
    } finally {
      releaseOwnerLock(p.dir);
    }
    return mustGet(id);
  }

  /**
   * Finalizes every recording a crash or shutdown left live, unless another live process owns it, and
   * retries those that failed for a reason that may have passed (a full disk, an I/O error): their
   * journal is intact.
   */
  async function recoverAll(): Promise<RecordingSnapshot[]> {
    const retryable = store.inStates(['failed']).filter((r) => r.detail.status === 'failed' && RETRYABLE_FAILURES.has(r.detail.error.code));
    const candidates = [...store.inStates(['starting', 'recording', 'paused', 'stopping', 'finalizing', 'interrupted', 'recovering']), ...retryable];
    const recovered: RecordingSnapshot[] = [];
    for (const candidate of candidates) {
      if (writers.has(candidate.id) || captures.has(candidate.id) || finalizing.has(candidate.id)) continue;
      if (!tryAcquireOwnerLock(paths(candidate.id).dir)) {
        log.info('recovery skipped: another live process owns the recording', { id: candidate.id });
        continue;
      }
      recovered.push(await recover(candidate.id));
    }
    return recovered;
  }

  async function recover(id: string): Promise<RecordingSnapshot> {
    const current = mustGet(id);
    if (isLive(current.detail)) apply(id, { type: 'interrupt' });
    apply(id, { type: 'recover' });
    // The journal is the truth: rebuild the index from it before finalizing.
    for (const segment of readJournalSegments(paths(id).journal)) store.rebuildChunkIndex(id, segment.meta, segment.scan.records);
    apply(id, { type: 'capture-ended' });
    return finalize(id);
  }

  /** On shutdown: make every open segment durable and leave live recordings recoverable. */
  async function close(): Promise<void> {
    for (const [id, capture] of captures) {
      captures.delete(id);
      await capture.stop().catch(() => undefined);
    }
    for (const id of [...writers.keys()]) await closeSegment(id);
    await Promise.allSettled(finalizing.values());
    for (const release of wakeLocks.values()) release();
    wakeLocks.clear();
  }

  return {
    create,
    appendChunk,
    pause,
    resume,
    newSegment,
    stop,
    finalize,
    recover,
    recoverAll,
    close,
    get: (id: string) => mustGet(id),
    list: (limit?: number) => store.list(limit),
    attachCapture(id: string, control: CaptureControl) {
      captures.set(id, control);
    },
    async fail(id: string, error: AppError) {
      if (store.get(id)?.state === 'failed') return;
      const { effects } = apply(id, { type: 'fail', error: error.toData() });
      await performStopEffects(id, [...effects, 'close-segment']);
      releaseOwnerLock(paths(id).dir);
    },
    paths,
  };
}

const RETRYABLE_FAILURES = new Set(['DISK_FULL', 'IO_ERROR']);
const FINALIZE_SPACE_FACTOR = 3;

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function defaultTitle(source: RecordingSource, at: Date): string {
  const when = at.toISOString().slice(0, 16).replace('T', ' ');
  const what = source.kind === 'file' ? 'Import' : source.kind === 'intake' ? (source.label ?? 'Session recording') : source.kind === 'testsrc' ? 'Test pattern' : source.kind === 'screen' ? 'Screen' : 'Camera';
  return `${what} ${when}`;
}

function auditData(event: AuditEventType, recording: RecordingSnapshot, next: RecordingState): Record<string, unknown> {
  if (event === 'recording.started') return { source: recording.source.kind, title: recording.title, participant: recording.participant };
  if (event === 'recording.failed' && next.status === 'failed') return { code: next.error.code, message: next.error.message };
  if (event === 'recording.finalized') {
    const manifest = recording.artifacts.find((a) => a.kind === 'manifest');
    const warnings = next.status === 'ready' ? (next.warnings ?? []) : [];
    return { manifestSha256: manifest?.sha256 ?? null, durationSec: recording.durationSec, artifacts: recording.artifacts.length, ...(warnings.length ? { salvage: warnings } : {}) };
  }
  return {};
}
