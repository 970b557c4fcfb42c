// The knobs of the delivery engine that are not user settings: the retry schedule (data), part size,
// timeouts and leases. Defaults suit production; operators and tests may override a few through the
// environment (documented in docs/delivery.md) — never secrets, only numbers.
import { DEFAULT_SCHEDULE, type RetrySchedule } from './retry-policy';
import { DEFAULT_S3_CLIENT_OPTIONS, type S3ClientOptions } from './s3-client';

export interface DeliveryTuning {
  schedule: RetrySchedule;
  /** Preferred multipart part size (≥ 5 MiB). Objects up to this size go in one PutObject. */
  partSize: number;
  /** Parts of one object in flight at once. */
  perObjectConcurrency: number;
  /** Recordings delivered at the same time. */
  parallelDeliveries: number;
  s3: S3ClientOptions;
  /** A delivery is owned by one process at a time; the lease is renewed while it uploads. */
  leaseMs: number;
}

export const DEFAULT_TUNING: DeliveryTuning = {
  schedule: DEFAULT_SCHEDULE,
  partSize: 8 * 1024 * 1024,
  perObjectConcurrency: 4,
  parallelDeliveries: 2,
  s3: DEFAULT_S3_CLIENT_OPTIONS,
  leaseMs: 30_000,
};

const positive = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
};

/**
 * FIELDTAPE_DELIVERY_SCHEDULE   comma-separated delays in seconds between attempts (e.g. "1,2,5")
 * FIELDTAPE_DELIVERY_PART_MB    preferred part size in MiB (at least 5)
 * FIELDTAPE_DELIVERY_PARALLEL   parts of one object in flight
 * FIELDTAPE_S3_STALL_MS         silence on a socket that counts as a stall
 */
export function tuningFromEnv(env: NodeJS.ProcessEnv, base: DeliveryTuning = DEFAULT_TUNING): DeliveryTuning {
  const tuning: DeliveryTuning = { ...base, s3: { ...base.s3 }, schedule: { ...base.schedule } };
  const schedule = env.FIELDTAPE_DELIVERY_SCHEDULE?.split(',').map((s) => Number(s.trim()));
  if (schedule && schedule.length > 0 && schedule.every((n) => Number.isFinite(n) && n >= 0)) {
    tuning.schedule = { delaysSec: schedule, networkPollSec: Math.min(tuning.schedule.networkPollSec, Math.max(1, ...schedule)) };
  }
  const partMb = positive(env.FIELDTAPE_DELIVERY_PART_MB);
  if (partMb !== null) tuning.partSize = Math.max(5, Math.round(partMb)) * 1024 * 1024;
  const parallel = positive(env.FIELDTAPE_DELIVERY_PARALLEL);
  if (parallel !== null) tuning.perObjectConcurrency = Math.min(32, Math.round(parallel));
  const stall = positive(env.FIELDTAPE_S3_STALL_MS);
  if (stall !== null) tuning.s3.stallTimeoutMs = stall;
  return tuning;
}
