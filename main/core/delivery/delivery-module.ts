// Builds the whole delivery side from the engine's parts, so the composition root needs only a few lines:
// profiles and their secrets, the delivery store and service, instant mode, retention and profile tests.
import type { AuditEventType } from '../../../shared/domain/audit';
import type { DeliverySnapshot } from '../../../shared/domain/delivery';
import type { ProfileTestResult } from '../../../shared/domain/profile';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { Settings } from '../../../shared/domain/settings';
import { createProfileAdmin, type ProfileAdmin } from '../config/profile-admin';
import { createProfileSecrets, type ProfileSecrets } from '../config/profiles-secrets';
import { createProfileStore, type ProfileStore } from '../config/profiles';
import { applyPolicyProfiles } from '../config/profiles-policy';
import type { PolicyProfiles } from '../config/policy-profiles';
import type { AuditLog } from '../audit/audit-log';
import { createReceiptIssuer } from '../evidence/receipt-issuer';
import { createReceiptStore, type ReceiptStore } from '../store/receipt-store';
import { createTimestampJob, type TimestampJob } from './timestamp-delivery';
import type { Db } from '../store/database';
import type { Logger } from '../log';
import type { RecordingStore } from '../store/recording-store';
import type { SecretStore } from '../secrets/keychain';
import { createDeliveryService, type DeliveryService } from './delivery-service';
import { createDeliveryStore, type DeliveryStore } from '../store/delivery-store';
import { DEFAULT_TUNING, type DeliveryTuning } from './delivery-tuning';
import { createInstantMode, type InstantMode } from './instant-mode';
import { testProfile } from './profile-test';
import { createRetention, type Retention } from './retention';
import { createS3ClientFactory, type S3ClientFactory } from './s3-client';

export interface DeliveryModuleDeps {
  db: Db;
  /** The engine's recordings repository (delivery only reads it). */
  recordingStore: RecordingStore;
  recordingsDir: string;
  keychain: SecretStore;
  env: NodeJS.ProcessEnv;
  settings: () => Settings;
  ffmpegPath: () => string;
  clock: () => Date;
  log: Logger;
  audit: (type: AuditEventType, entry: { recordingId: string; sessionId: string | null; data: Record<string, unknown> }) => void;
  onChange: (snapshot: DeliverySnapshot) => void;
  tuning?: DeliveryTuning;
  clientFactory?: S3ClientFactory;
  /** Profiles IT's policy provides (merged into the store at start). */
  policy?: PolicyProfiles;
  /** The audit log, read when a receipt is issued (its events and head go into receipt.json). */
  auditLog: AuditLog;
}

export interface DeliveryModule {
  profiles: ProfileStore;
  secrets: ProfileSecrets;
  /** What people do to profiles (CLI and Destinations page alike): add, change, remove, store a secret. */
  admin: ProfileAdmin;
  store: DeliveryStore;
  service: DeliveryService;
  instant: InstantMode;
  retention: Retention;
  /** Receipts issued by this device, and their RFC 3161 time-stamps (main/core/evidence). */
  receipts: ReceiptStore;
  timestamps: TimestampJob;
  testProfile(name: string): Promise<ProfileTestResult>;
  /** Long-running hosts: timers for the schedule and a daily retention sweep. */
  start(): void;
  close(): Promise<void>;
}

export function createDeliveryModule(deps: DeliveryModuleDeps): DeliveryModule {
  const tuning = deps.tuning ?? DEFAULT_TUNING;
  const clientFactory = deps.clientFactory ?? createS3ClientFactory(tuning.s3);
  const policy = deps.policy ?? { profiles: [], defaultProfile: null, allowUserProfiles: true };
  const profiles = createProfileStore(deps.db, deps.clock, { managed: new Set(policy.profiles.map((p) => p.profile.name)), allowUserProfiles: policy.allowUserProfiles });
  if (policy.profiles.length > 0) applyPolicyProfiles(profiles, policy, deps.log);
  const secrets = createProfileSecrets(deps.keychain, deps.env);
  const store = createDeliveryStore(deps.db);
  const recordings = deps.recordingStore;
  const getRecording = (id: string): RecordingSnapshot | null => recordings.get(id);
  const retention = createRetention({ store, recordingsDir: deps.recordingsDir, getRecording, settings: deps.settings, clock: deps.clock, log: deps.log, audit: deps.audit });
  const receipts = createReceiptStore(deps.db);
  const issuer = createReceiptIssuer({ db: deps.db, audit: deps.auditLog, receipts, clock: deps.clock });
  // Its slots and bandwidth are the service's own (set below): one engine-wide limit for every request.
  let timestamps: TimestampJob | null = null;
  const service = createDeliveryService({
    store,
    profiles,
    secrets,
    getRecording,
    recordingsDir: deps.recordingsDir,
    clientFactory,
    settings: deps.settings,
    tuning,
    clock: deps.clock,
    log: deps.log,
    audit: deps.audit,
    onChange: deps.onChange,
    atomically: (fn) => deps.db.transaction(fn).immediate(),
    onDelivered: (id) => retention.afterDelivered(id),
    evidence: {
      issuer,
      get timestamps(): TimestampJob {
        return timestamps!;
      },
    },
  });
  timestamps = createTimestampJob({
    receipts,
    store,
    profiles,
    secrets,
    clientFactory,
    slots: service.slots,
    throttle: service.throttle,
    tuning,
    clock: deps.clock,
    log: deps.log,
    audit: deps.audit,
  });
  const timestampJob = timestamps;
  const admin = createProfileAdmin({ profiles, secrets, onChanged: () => service.nudge('profile-changed') });
  const instant = createInstantMode({
    delivery: service,
    store,
    profiles,
    secrets,
    clientFactory,
    ffmpegPath: deps.ffmpegPath,
    settings: deps.settings,
    recordingsDir: deps.recordingsDir,
    clock: deps.clock,
    log: deps.log,
  });
  let sweeper: NodeJS.Timeout | null = null;
  let stopped = false;
  // Off the start path, in bounded batches that yield between them: a library with thousands of delivered
  // recordings must not hold up the window, nor every request while it sweeps.
  const sweep = () => {
    if (stopped) return;
    try {
      const report = retention.sweep();
      if (report.bytesFreed > 0) deps.log.info('retention sweep', { ...report });
      if (report.more) setTimeout(sweep, 20).unref?.();
    } catch (error) {
      deps.log.warn('retention sweep failed', { error: String(error) });
    }
  };

  return {
    profiles,
    secrets,
    admin,
    store,
    service,
    instant,
    retention,
    receipts,
    timestamps: timestampJob,
    testProfile: (name) =>
      testProfile(profiles.mustGet(name), {
        resolveSecret: (p) => secrets.resolve(p),
        makeClient: createS3ClientFactory({ ...tuning.s3, stallTimeoutMs: Math.min(tuning.s3.stallTimeoutMs, 15_000) }),
        clock: deps.clock,
      }),
    start() {
      service.start();
      timestampJob.start();
      setTimeout(sweep, 1000).unref?.();
      sweeper = setInterval(sweep, 6 * 3600 * 1000);
      sweeper.unref?.();
    },
    async close() {
      stopped = true;
      if (sweeper) clearInterval(sweeper);
      instant.close();
      await service.close();
      await timestampJob.close();
    },
  };
}
