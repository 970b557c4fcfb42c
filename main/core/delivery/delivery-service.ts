// Owns every delivery: creates one when a recording bound to a profile is ready, runs attempts (bounded,
// leased so the app and the CLI never upload the same recording at once), persists each state before
// acting on it, and keeps the schedule in SQLite so it survives restarts. Long-running hosts call start()
// for the timers; online/wake call nudge(); the CLI calls deliverNow() and waits.
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AuditEventType } from '../../../shared/domain/audit';
import type { ArtifactDelivery, DeliverySnapshot, DeliveryState } from '../../../shared/domain/delivery';
import type { Profile } from '../../../shared/domain/profile';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { Settings } from '../../../shared/domain/settings';
import { AppError, type AppErrorData } from '../../../shared/errors';
import type { ProfileSecrets } from '../config/profiles-secrets';
import type { ProfileStore } from '../config/profiles';
import type { ReceiptIssuer } from '../evidence/receipt-issuer';
import type { TimestampJob } from './timestamp-delivery';
import type { Logger } from '../log';
import { identify, type ProcessProbe } from '../process-identity';
import { createProcessProbe } from '../process-probe';
import { formatLeaseOwner, leaseHolderGone } from './lease-owner';
import { recordingPaths } from '../recording/recording-paths';
import { runDeliveryAttempt } from './delivery-attempt';
import { FINISHED, RUNNABLE, transitionDelivery, type DeliveryEvent } from './delivery-state';
import type { DeliveryStore, DeliveryRow } from '../store/delivery-store';
import type { DeliveryTuning } from './delivery-tuning';
import { errorFacts, explain } from './error-facts';
import { classify, maxAttempts, retryPlan } from './retry-policy';
import type { S3ClientFactory } from './s3-client';
import { createSemaphore, type Semaphore } from '../semaphore';
import { createThrottle, type Throttle } from './throttle';

export interface DeliveryServiceDeps {
  store: DeliveryStore;
  profiles: ProfileStore;
  secrets: ProfileSecrets;
  getRecording: (id: string) => RecordingSnapshot | null;
  recordingsDir: string;
  clientFactory: S3ClientFactory;
  settings: () => Settings;
  tuning: DeliveryTuning;
  clock: () => Date;
  log: Logger;
  audit: (type: AuditEventType, entry: { recordingId: string; sessionId: string | null; data: Record<string, unknown> }) => void;
  onChange: (snapshot: DeliverySnapshot) => void;
  /** Runs fn in one database transaction, so a state change and its audit event land together. */
  atomically: <T>(fn: () => T) => T;
  /** Called after a delivery is confirmed (retention deletes the raw chunks it covers). */
  onDelivered?: (recordingId: string) => void;
  /** Tells whether a lease holder's process still runs (default: this platform's). */
  probe?: ProcessProbe;
  /** Receipts after the manifest and their time-stamps (docs/evidence.md). */
  evidence?: { issuer: ReceiptIssuer; timestamps: TimestampJob };
}

export interface DeliveryService {
  /** Creates the delivery of a ready recording that is bound to a profile (idempotent). */
  ensure(recordingId: string): DeliverySnapshot | null;
  onRecordingChanged(recording: RecordingSnapshot): void;
  get(recordingId: string): DeliverySnapshot | null;
  list(limit?: number): DeliverySnapshot[];
  artifactDelivery(recording: RecordingSnapshot): Map<string, ArtifactDelivery>;
  /** Runs an attempt for each now, whatever the schedule says, and resolves when they end. */
  deliverNow(recordingIds: string[]): Promise<DeliverySnapshot[]>;
  /** Every delivery that is not delivered or cancelled, plus ready recordings that have none yet. */
  pendingIds(): string[];
  retryNow(recordingId: string): DeliverySnapshot;
  cancel(recordingId: string): DeliverySnapshot;
  /** Network back or machine awake: pull every waiting delivery forward. Returns how many. */
  nudge(reason: 'online' | 'wake' | 'profile-changed'): number;
  start(): void;
  /** Resolves once no attempt is running in this process. */
  idle(): Promise<void>;
  close(): Promise<void>;
  /** For instant mode: an upload of the delivery's object already running in this process. */
  registerRunningUpload(recordingId: string, name: string, job: Promise<unknown>): void;
  /** For instant mode: live progress of an object uploaded outside an attempt. */
  reportProgress(recordingId: string, name: string, bytesDone: number): void;
  createInstant(recording: RecordingSnapshot, profile: Profile): boolean;
  readonly tuning: DeliveryTuning;
  /** The engine-wide request slots and bandwidth limit, shared with instant-mode uploads. */
  readonly slots: Semaphore;
  readonly throttle: Throttle;
}

export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const { store, log } = deps;
  const probe = deps.probe ?? createProcessProbe();
  const me = { host: os.hostname(), run: crypto.randomBytes(4).toString('hex'), process: identify(process.pid, probe) };
  const owner = formatLeaseOwner(me);
  const running = new Map<string, Promise<void>>();
  const aborts = new Map<string, AbortController>();
  const runningUploads = new Map<string, Promise<unknown>>();
  const liveBytes = new Map<string, Map<string, number>>();
  const verified = new Set<string>();
  const lastEmit = new Map<string, number>();
  const slots = createSemaphore(deps.settings().deliveryConcurrency);
  const throttle = createThrottle(deps.settings().deliveryBandwidthKiBps * 1024);
  let timer: NodeJS.Timeout | null = null;
  let scheduling = false;
  let closed = false;
  const now = () => deps.clock().toISOString();
  const total = maxAttempts(deps.tuning.schedule);

  function snapshot(row: DeliveryRow): DeliverySnapshot {
    const profile = deps.profiles.get(row.profileId);
    const progress = store.progress(row.recordingId);
    const live = liveBytes.get(row.recordingId);
    const objects = store.objects(row.recordingId).map((o) => {
      const journaled = progress.get(o.name);
      const bytesDone = o.status === 'delivered' ? (o.bytes ?? 0) : Math.max(journaled?.bytes ?? 0, live?.get(o.name) ?? 0);
      return {
        name: o.name,
        kind: o.kind,
        key: o.key,
        bytes: o.bytes,
        sha256: o.sha256,
        status: o.status,
        etag: o.etag,
        checksumSha256: o.checksumSha256,
        partsDone: journaled?.parts ?? (o.status === 'delivered' ? 1 : 0),
        bytesDone,
        deliveredAt: o.deliveredAt,
      };
    });
    return {
      recordingId: row.recordingId,
      profileId: row.profileId,
      profileName: profile?.name ?? null,
      bucket: row.location?.bucket ?? profile?.bucket ?? null,
      mode: row.mode,
      state: row.state.status,
      detail: row.state,
      attempts: row.attempts,
      maxAttempts: total,
      nextAttemptAt: row.nextAttemptAt,
      lastError: row.lastError,
      bytesDone: objects.reduce((s, o) => s + o.bytesDone, 0),
      bytesTotal: objects.reduce((s, o) => s + (o.bytes ?? o.bytesDone), 0),
      objects,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      deliveredAt: row.deliveredAt,
      localPurgedAt: row.localPurgedAt,
    };
  }

  function emit(recordingId: string, force = true): void {
    const t = Date.now();
    if (!force && t - (lastEmit.get(recordingId) ?? 0) < 500) return;
    lastEmit.set(recordingId, t);
    const row = store.get(recordingId);
    if (row) deps.onChange(snapshot(row));
  }

  function mustRow(recordingId: string): DeliveryRow {
    const row = store.get(recordingId);
    if (!row) throw new AppError('NOT_FOUND', `Recording ${recordingId} has no delivery (it is not bound to a profile, or not finished yet).`);
    return row;
  }

  /** Applies one event: validate, persist, announce. */
  function apply(recordingId: string, event: DeliveryEvent, fields: Partial<{ attempts: number; nextAttemptAt: string | null; lastError: AppErrorData | null }> = {}): DeliveryState {
    const row = mustRow(recordingId);
    const result = transitionDelivery(row.state, event, now());
    if (!result.ok) throw new AppError('ILLEGAL_TRANSITION', `Delivery of ${recordingId}: ${result.reason}.`);
    store.setState(
      recordingId,
      result.state,
      {
        attempts: fields.attempts ?? row.attempts,
        nextAttemptAt: fields.nextAttemptAt !== undefined ? fields.nextAttemptAt : row.nextAttemptAt,
        lastError: fields.lastError !== undefined ? fields.lastError : row.lastError,
      },
      now(),
    );
    emit(recordingId);
    return result.state;
  }

  function ownerGone(other: string): boolean {
    return leaseHolderGone(other, me, probe);
  }

  function ensure(recordingId: string): DeliverySnapshot | null {
    const existing = store.get(recordingId);
    if (existing) return snapshot(existing);
    const recording = deps.getRecording(recordingId);
    if (!recording || recording.state !== 'ready' || !recording.profileId) return null;
    if (!deps.profiles.get(recording.profileId)) {
      log.warn('recording is bound to a profile that no longer exists', { id: recordingId, profileId: recording.profileId });
    }
    store.insert(recordingId, recording.profileId, 'post-stop', { status: 'queued', since: now() }, now());
    emit(recordingId);
    return snapshot(mustRow(recordingId));
  }

  async function attempt(recordingId: string): Promise<void> {
    const row = store.get(recordingId);
    if (!row || closed) return;
    const leaseUntil = () => new Date(deps.clock().getTime() + deps.tuning.leaseMs).toISOString();
    if (!store.claim(recordingId, owner, leaseUntil(), now(), ownerGone)) {
      log.info('delivery skipped: another Fieldtape process is uploading it', { id: recordingId });
      return;
    }
    const heartbeat = setInterval(() => store.renew(recordingId, owner, leaseUntil()), Math.max(1000, deps.tuning.leaseMs / 3));
    const abort = new AbortController();
    aborts.set(recordingId, abort);
    const profile = deps.profiles.get(row.profileId);
    const ctx = { profile: profile?.name ?? row.profileId, bucket: profile?.bucket ?? '?', endpoint: profile?.endpoint ?? null };
    try {
      let current = store.get(recordingId)!;
      const recording = deps.getRecording(recordingId);
      // Instant mode creates the delivery while recording; it is attempted once the recording is ready.
      if (!recording || recording.state !== 'ready') return;
      if (current.state.status === 'uploading') current = { ...current, state: apply(recordingId, { type: 'interrupted' }) };
      if (FINISHED.has(current.state.status)) return;
      apply(recordingId, { type: 'start', attempt: current.attempts + 1 });
      if (!profile) throw new AppError('NOT_FOUND', `The profile this recording was bound to (${row.profileId}) was removed, so it cannot be delivered; its files stay on this computer.`);
      store.setLocation(recordingId, profile);
      refreshLimits();
      const secret = await deps.secrets.resolve(profile);
      const client = deps.clientFactory(profile, secret);
      const p = recordingPaths(deps.recordingsDir, recordingId);
      try {
        const done = await runDeliveryAttempt({
          recording,
          profile,
          client,
          store,
          tuning: deps.tuning,
          slots,
          throttle,
          signal: abort.signal,
          log,
          now,
          paths: { journal: p.journal, deliveryDir: path.join(p.dir, 'delivery') },
          verified,
          runningUpload: (name) => runningUploads.get(`${recordingId}/${name}`) ?? null,
          onProgress: (name, bytes) => reportProgress(recordingId, name, bytes),
          audit: deps.audit,
          clock: deps.clock,
          ...(deps.evidence ? { evidence: deps.evidence } : {}),
        });
        const attempts = store.get(recordingId)!.attempts + 1;
        deps.atomically(() => {
          apply(recordingId, { type: 'delivered' }, { attempts, nextAttemptAt: null, lastError: null });
          deps.audit('delivery.completed', {
            recordingId,
            sessionId: recording.sessionId,
            data: { profile: profile.name, bucket: profile.bucket, manifestKey: done.manifestKey, objects: done.objects, attempts, receiptSha256: done.receiptSha256 },
          });
        });
        log.info('delivery completed', { id: recordingId, profile: profile.name, attempts });
        liveBytes.delete(recordingId);
        deps.onDelivered?.(recordingId);
      } finally {
        client.destroy();
      }
    } catch (error) {
      const latest = store.get(recordingId);
      if (!latest || latest.state.status !== 'uploading') return; // cancelled meanwhile
      if (abort.signal.aborted && closed) {
        apply(recordingId, { type: 'interrupted' }); // shutdown: not an attempt
        return;
      }
      const facts = errorFacts(error);
      const decision = classify(facts);
      const plan = retryPlan(decision, latest.attempts + 1, deps.tuning.schedule, deps.clock());
      const explained = explain(facts, decision, ctx);
      const attempts = plan.counted ? latest.attempts + 1 : latest.attempts;
      log.warn('delivery attempt failed', { id: recordingId, decision: decision.kind, code: facts.code, status: facts.status, attempts, next: plan.at?.toISOString() ?? null });
      if (plan.at === null) {
        const exhausted = decision.kind !== 'fail-permanently';
        const message = exhausted ? `${explained.message} Gave up after ${attempts} attempts; the files are kept for ${deps.settings().failedRetentionDays} days for a manual retry.` : explained.message;
        apply(recordingId, { type: 'fail', error: { ...explained, message } }, { attempts, nextAttemptAt: null, lastError: { ...explained, message } });
      } else if (decision.kind === 'pause') {
        apply(recordingId, { type: 'pause', until: plan.at.toISOString(), error: explained }, { attempts, nextAttemptAt: plan.at.toISOString(), lastError: explained });
      } else {
        const reason = decision.kind === 'wait-for-network' ? 'network' : decision.kind === 'slow-down' ? 'slow-down' : 'retry';
        apply(recordingId, { type: 'wait', until: plan.at.toISOString(), reason, error: explained }, { attempts, nextAttemptAt: plan.at.toISOString(), lastError: explained });
      }
    } finally {
      clearInterval(heartbeat);
      aborts.delete(recordingId);
      store.release(recordingId, owner);
    }
  }

  function run(recordingId: string): Promise<void> {
    const existing = running.get(recordingId);
    if (existing) return existing;
    const job = attempt(recordingId)
      .catch((error: unknown) => log.error('delivery attempt crashed', { id: recordingId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
      .finally(() => {
        running.delete(recordingId);
        if (scheduling) queueMicrotask(pump);
      });
    running.set(recordingId, job);
    return job;
  }

  /** Starts due attempts up to the parallel limit, then sleeps until the next one is due. */
  /** Settings may change at any time; each attempt and each pump takes the current limits. */
  function refreshLimits(): void {
    slots.setLimit(deps.settings().deliveryConcurrency);
    throttle.setRate(deps.settings().deliveryBandwidthKiBps * 1024);
  }

  function pump(): void {
    if (closed || !scheduling) return;
    refreshLimits();
    const t = now();
    const candidates = store.inStates([...RUNNABLE, 'uploading']).filter((r) => !running.has(r.recordingId) && isReady(r.recordingId));
    for (const row of candidates) {
      if (running.size >= deps.tuning.parallelDeliveries) break;
      const due = row.state.status === 'queued' || row.state.status === 'uploading' || row.nextAttemptAt === null || row.nextAttemptAt <= t;
      if (due) void run(row.recordingId);
    }
    const next = store
      .inStates(['waiting', 'paused'])
      .map((r) => r.nextAttemptAt)
      .filter((x): x is string => x !== null)
      .sort()[0];
    if (timer) clearTimeout(timer);
    timer = null;
    if (next) {
      const delay = Math.min(Math.max(0, Date.parse(next) - deps.clock().getTime()), 2 ** 31 - 1);
      timer = setTimeout(pump, delay + 50);
      timer.unref?.();
    }
  }

  function isReady(recordingId: string): boolean {
    return deps.getRecording(recordingId)?.state === 'ready';
  }

  function reportProgress(recordingId: string, name: string, bytes: number): void {
    let map = liveBytes.get(recordingId);
    if (!map) liveBytes.set(recordingId, (map = new Map()));
    map.set(name, bytes);
    emit(recordingId, false);
  }

  return {
    tuning: deps.tuning,
    slots,
    throttle,
    ensure,
    onRecordingChanged(recording) {
      if (recording.state !== 'ready' || !recording.profileId) return;
      ensure(recording.id);
      if (scheduling) pump();
    },
    get(recordingId) {
      const row = store.get(recordingId);
      return row ? snapshot(row) : null;
    },
    list(limit = 200) {
      return store.list(limit).map(snapshot);
    },
    artifactDelivery(recording) {
      const out = new Map<string, ArtifactDelivery>();
      const row = store.get(recording.id);
      const objects = row ? store.objects(recording.id) : [];
      for (const artifact of recording.artifacts) {
        const name = path.basename(artifact.path);
        const o = objects.find((x) => x.name === name && x.kind === artifact.kind) ?? (artifact.kind === 'manifest' ? objects.find((x) => x.kind === 'manifest') : undefined);
        out.set(artifact.kind, {
          state: o ? o.status : 'not-delivered',
          key: o?.key ?? null,
          etag: o?.etag ?? null,
          sha256: o?.sha256 ?? null,
          attempts: row?.attempts ?? 0,
          nextAttemptAt: row && o?.status !== 'delivered' ? row.nextAttemptAt : null,
          lastError: o?.status === 'delivered' ? null : (row?.lastError ?? null),
        });
      }
      return out;
    },
    async deliverNow(recordingIds) {
      for (const id of recordingIds) {
        ensure(id);
        const row = mustRow(id);
        if (row.state.status === 'failed' || row.state.status === 'cancelled') apply(id, { type: 'retry-now' }, { attempts: row.state.status === 'failed' ? 0 : row.attempts });
      }
      await Promise.all(recordingIds.map((id) => run(id)));
      return recordingIds.map((id) => snapshot(mustRow(id)));
    },
    pendingIds() {
      for (const id of store.undeliveredReadyIds()) ensure(id);
      return store.unfinishedIds();
    },
    retryNow(recordingId) {
      const row = mustRow(recordingId);
      if (row.state.status !== 'uploading' && row.state.status !== 'queued') {
        apply(recordingId, { type: 'retry-now' }, { attempts: row.state.status === 'failed' ? 0 : row.attempts, nextAttemptAt: null });
      }
      if (scheduling) pump();
      return snapshot(mustRow(recordingId));
    },
    cancel(recordingId) {
      apply(recordingId, { type: 'cancel' }, { nextAttemptAt: null });
      aborts.get(recordingId)?.abort(new AppError('CONFLICT', 'Delivery cancelled.'));
      return snapshot(mustRow(recordingId));
    },
    nudge(reason) {
      let nudged = 0;
      const t = now();
      for (const row of store.inStates(['waiting', 'paused'])) {
        if (reason !== 'profile-changed' && row.state.status === 'paused') continue;
        if (row.nextAttemptAt !== null && row.nextAttemptAt <= t) continue;
        store.setState(row.recordingId, row.state, { attempts: row.attempts, nextAttemptAt: t, lastError: row.lastError }, t);
        nudged++;
      }
      log.info('delivery nudged', { reason, nudged });
      if (scheduling) pump();
      return nudged;
    },
    start() {
      if (scheduling) return;
      scheduling = true;
      for (const id of store.undeliveredReadyIds()) ensure(id);
      pump();
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
    async close() {
      closed = true;
      scheduling = false;
      if (timer) clearTimeout(timer);
      for (const controller of aborts.values()) controller.abort(new AppError('CONFLICT', 'Fieldtape is shutting down.'));
      await Promise.allSettled([...running.values(), ...runningUploads.values()]);
    },
    registerRunningUpload(recordingId, name, job) {
      const key = `${recordingId}/${name}`;
      runningUploads.set(key, job);
      void job.catch(() => undefined).finally(() => {
        if (runningUploads.get(key) === job) runningUploads.delete(key);
      });
    },
    reportProgress,
    createInstant(recording, profile) {
      const created = store.insert(recording.id, profile.id, 'instant', { status: 'queued', since: now() }, now());
      if (created) store.setLocation(recording.id, profile);
      return created;
    },
  };
}
