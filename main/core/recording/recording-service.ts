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
import { describeVerdict } from '../process-identity';
import type { OwnerLocks } from './owner-lock';
import { recordingPaths } from './recording-paths';
import { isLive, transition, type RecordingEvent } from './recording-state';
import type { RecordingStore } from '../store/recording-store';
import { emptyReport, ownerReason, type RecoveryReport } from './recovery-report';
import { readJournalSegments, salvageSegments } from './segment-salvage';
import { openSegmentWriter, type SegmentWriter } from './segment-writer';
import { createSemaphore } from '../semaphore';
import { RECORDING_OWNED } from '../../../shared/domain/lifecycle';

/**
 * Recordings finalized at once, engine-wide (a session's four files at Stop, recovery after a crash, the
 * CLI). Each runs ffmpeg, and on a 2-core laptop four at once only make every one of them late: the
 * first two files of a session reach the bucket first instead of all four last. (The renderer used to
 * decide this for sessions only.)
 */
export const FINALIZE_CONCURRENCY = 2;

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
  /** Which process owns each recording's folder (owner-lock.ts). */
  ownerLocks: OwnerLocks;
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
  /**
   * Finishes what a crash left: every recording whose owner is gone is recovered; those a live process
   * owns are skipped (and said so); those with nothing durable are marked failed. Hosts reach it through
   * the engine's start() (main/engine.ts), `fieldtape recover` directly.
   */
  recoverAll(): Promise<RecoveryReport>;
  /**
   * Marks every live recording whose owner process is gone as interrupted, so it is never shown as live;
   * returns their ids. Cheap when there are none (one indexed query).
   */
  reconcile(): string[];
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
  /** Finalizes running in this engine, each with what cancels it (close()). */
  const finalizing = new Map<string, { job: Promise<RecordingSnapshot>; abort: AbortController }>();
  const finalizeSlots = createSemaphore(FINALIZE_CONCURRENCY);
  const now = () => clock().toISOString();
  const paths = (id: string) => recordingPaths(deps.recordingsDir, id);
  /** Recordings whose owner lock this engine holds, from create (or recovery) until it is finished. */
  const held = new Set<string>();
  function releaseLock(id: string): void {
    held.delete(id);
    deps.ownerLocks.release(paths(id).dir);
  }

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
    const lock = deps.ownerLocks.tryAcquire(p.dir);
    if (!lock.ok) throw new AppError('CONFLICT', `The new recording folder ${p.dir} is owned by another process (pid ${lock.owner.pid}); try again.`);
    held.add(id);
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
    if (running) return running.job;
    const abort = new AbortController();
    const job = finalizeSlots
      .acquire(abort.signal)
      .then(
        (release) => runFinalize(id, abort.signal).finally(release),
        // Cancelled while waiting for a slot: nothing was started, the journal is intact.
        () => mustGet(id),
      )
      .finally(() => finalizing.delete(id));
    finalizing.set(id, { job, abort });
    return job;
  }

  async function runFinalize(id: string, signal: AbortSignal): Promise<RecordingSnapshot> {
    const p = paths(id);
    try {
      const annotationsFile = fs.existsSync(p.annotations) ? p.annotations : null;
      const fast = await deps.finalizeFast?.({ recording: mustGet(id), segments: [], workDir: p.work, outDir: p.artifacts, annotationsFile, signal });
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
        signal,
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
      if (signal.aborted) {
        // Cancelled (the engine is closing): nothing was published, the journal is intact, and the
        // recording stays finalizing; with its owner gone, the next start recovers it.
        log.info('finalize cancelled; the journal is kept and the next start finishes it', { id });
        return mustGet(id);
      }
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', `Finalizing ${id} failed unexpectedly.`, String(error));
      log.error('finalize failed', { id, code: appError.code, message: appError.message, detail: appError.detail });
      if (mustGet(id).state !== 'failed') apply(id, { type: 'fail', error: appError.toData() });
    } finally {
      releaseLock(id);
    }
    return mustGet(id);
  }

  /** Recordings this engine is working on itself (paused ones too): never someone else's to recover. */
  const busyHere = (id: string) => held.has(id) || recovering.has(id);
  const recovering = new Set<string>();

  function reconcile(): string[] {
    const orphaned: string[] = [];
    for (const candidate of store.inStates(LIVE_STATES)) {
      if (busyHere(candidate.id)) continue;
      try {
        if (markIfOrphaned(candidate.id)) orphaned.push(candidate.id);
      } catch (error) {
        log.error('could not check the owner of a recording', { id: candidate.id, error: String(error) });
      }
    }
    return orphaned;
  }

  function markIfOrphaned(id: string): boolean {
    const dir = paths(id).dir;
    const holder = deps.ownerLocks.inspect(dir);
    // This process's own (an earlier engine in it) or a live owner's: leave it be.
    if (holder?.verdict.alive) return false;
    // Marking it takes the lock, so a recoverer that has just taken over is never interrupted.
    if (!deps.ownerLocks.tryAcquire(dir).ok) return false;
    try {
      if (!isLive(mustGet(id).detail)) return false;
      apply(id, { type: 'interrupt' });
      log.warn('recording owner is gone: marked interrupted', { id, owner: holder?.owner.pid ?? null, why: holder ? describeVerdict(holder.verdict) : 'no owner lock' });
      return true;
    } finally {
      deps.ownerLocks.release(dir);
    }
  }

  async function recoverAll(): Promise<RecoveryReport> {
    const report = emptyReport();
    const candidates = [...store.inStates([...LIVE_STATES, 'interrupted']), ...store.inStates(['failed']).filter((r) => needsRecovery(r.detail))];
    for (const candidate of candidates) {
      if (busyHere(candidate.id)) continue;
      let lock;
      try {
        lock = deps.ownerLocks.tryAcquire(paths(candidate.id).dir);
      } catch (error) {
        const message = `Could not take over ${candidate.id}: ${String(error)}`;
        log.error('recovery could not take the owner lock', { id: candidate.id, error: String(error) });
        report.errors.push({ id: candidate.id, title: candidate.title, message });
        continue;
      }
      if (!lock.ok) {
        const owner = { pid: lock.owner.pid, app: lock.owner.app, command: lock.owner.command, since: lock.owner.since };
        log.info('recovery skipped: another live process owns the recording', { id: candidate.id, owner });
        report.skipped.push({ id: candidate.id, title: candidate.title, state: candidate.state, owner, reason: ownerReason(owner) });
        continue;
      }
      if (lock.tookOverFrom) log.info('owner lock taken over', { id: candidate.id, from: lock.tookOverFrom.owner.pid, why: describeVerdict(lock.tookOverFrom) });
      recovering.add(candidate.id);
      held.add(candidate.id);
      try {
        const found = mustGet(candidate.id).detail;
        if (!needsRecovery(found)) {
          // Another process recovered it between our listing and our taking the lock.
          releaseLock(candidate.id);
          continue;
        }
        const from = found.status === 'interrupted' ? found.from : found.status;
        const durable = readJournalSegments(paths(candidate.id).journal).reduce((n, s) => n + s.scan.records.length, 0);
        if (durable === 0) {
          report.nothingDurable.push({ id: candidate.id, title: candidate.title, from, reason: markNothingDurable(candidate.id) });
          releaseLock(candidate.id);
          continue;
        }
        report.recovered.push({ recording: await recover(candidate.id), from });
      } catch (error) {
        // One recording's trouble must not keep the others from coming back.
        releaseLock(candidate.id);
        const message = error instanceof AppError ? error.message : String(error);
        log.error('recovery of a recording failed', { id: candidate.id, error: message });
        report.errors.push({ id: candidate.id, title: candidate.title, message });
      } finally {
        recovering.delete(candidate.id);
      }
    }
    return report;
  }

  /** Interrupted before its first chunk was durable: there is no media; say so and stop retrying. */
  function markNothingDurable(id: string): string {
    const reason = 'Nothing was recorded before the interruption: no chunk had been made durable.';
    if (isLive(mustGet(id).detail)) apply(id, { type: 'interrupt' });
    if (mustGet(id).state === 'failed') apply(id, { type: 'recover' });
    apply(id, { type: 'fail', error: new AppError('CORRUPT_DATA', reason).toData() });
    return reason;
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
    // A quit does not wait out a long encode: ffmpeg is stopped, and the next start finalizes again from
    // the journal (nothing half-written is ever published: media/publish.ts).
    const running = [...finalizing.values()];
    for (const { abort } of running) abort.abort(new AppError('CONFLICT', 'Fieldtape is closing; the recording is finished at the next start.'));
    await Promise.allSettled(running.map((r) => r.job));
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
    reconcile,
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
      releaseLock(id);
    },
    paths,
  };
}

const RETRYABLE_FAILURES = new Set(['DISK_FULL', 'IO_ERROR']);

/** Left live or interrupted by a crash, or failed for a reason that may have passed: its journal is intact. */
function needsRecovery(state: RecordingState): boolean {
  if (state.status === 'failed') return RETRYABLE_FAILURES.has(state.error.code);
  return state.status === 'interrupted' || LIVE_STATES.includes(state.status);
}
/** States only a running owner can be in; found with its owner gone, a recording was interrupted. */
const LIVE_STATES: string[] = [...RECORDING_OWNED];
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
