// Retry policy as pure functions over plain data (Uppy's shouldRetry, made explicit):
//   classify(facts)  → what kind of failure this is
//   retryPlan(...)   → when the next attempt runs, from the schedule (data, not code)
//   innerRetryDelay  → how a single request is retried inside one attempt before the attempt gives up
//
// Six decisions. The four of the design (retry-after, slow-down, wait-for-network, fail-permanently) plus
// two that S3 under write-only credentials needs: restart-upload (NoSuchUpload: the upload is gone, start a
// new one; the old parts are the bucket lifecycle rule's), and pause (the credentials were refused: only a
// person can fix that, so the user is told so, and attempts continue on the schedule in case the bucket
// owner fixes it on their side).

export type ErrorOrigin = 'network' | 's3' | 'local';

/** What is known about a failure, extracted from whatever threw (see error-facts.ts). */
export interface ErrorFacts {
  origin: ErrorOrigin;
  /** S3's error code (SlowDown, AccessDenied…), Node's errno (ECONNRESET…), or an AppError code for local ones. */
  code: string;
  /** HTTP status; null when no response arrived. */
  status: number | null;
  /** Retry-After from the response, in seconds. */
  retryAfterSec: number | null;
  message: string;
}

export type Decision =
  | { kind: 'retry-after'; delayMs: number | null }
  | { kind: 'slow-down'; delayMs: number }
  | { kind: 'wait-for-network' }
  | { kind: 'restart-upload' }
  | { kind: 'pause' }
  | { kind: 'fail-permanently' };

const OFFLINE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'ENONET']);
const SLOW_DOWN = new Set(['SlowDown', 'TooManyRequests', 'TooManyRequestsException', 'RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'RequestThrottled', 'ServiceUnavailable']);
const CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidToken',
  'InvalidSecurity',
  'AccessDenied',
  'AllAccessDisabled',
  'AccountProblem',
  'UNAUTHORIZED',
]);
const PERMANENT_S3 = new Set([
  'NoSuchBucket',
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
  'InvalidBucketName',
  'InvalidArgument',
  'InvalidStorageClass',
  'InvalidEncryptionAlgorithmError',
  'KMS.NotFoundException',
  'KMS.DisabledException',
  'EntityTooLarge',
  'MethodNotAllowed',
  'NotImplemented',
  'InvalidRequest',
]);
const DEFAULT_SLOW_DOWN_MS = 2_000;

export function classify(facts: ErrorFacts): Decision {
  const retryAfterMs = facts.retryAfterSec !== null && facts.retryAfterSec >= 0 ? facts.retryAfterSec * 1000 : null;
  if (facts.origin === 'local') {
    if (facts.code === 'UNAUTHORIZED') return { kind: 'pause' }; // no secret where the profile says it is
    if (facts.code === 'DISK_FULL' || facts.code === 'IO_ERROR') return { kind: 'retry-after', delayMs: null };
    return { kind: 'fail-permanently' }; // the artifact is gone or changed: sending it again cannot help
  }
  if (facts.origin === 'network') {
    if (OFFLINE.has(facts.code)) return { kind: 'wait-for-network' };
    // Refused, reset, timed out, TLS failures (a captive portal, a proxy, a server restarting): the host
    // was reached or nearly so; retry on the schedule.
    return { kind: 'retry-after', delayMs: null };
  }
  if (facts.code === 'NoSuchUpload' || facts.code === 'InvalidPart') return { kind: 'restart-upload' };
  if (facts.code === 'RequestTimeTooSkewed') return { kind: 'retry-after', delayMs: 0 }; // the SDK has corrected its clock offset
  if (SLOW_DOWN.has(facts.code) || facts.status === 429 || (facts.status === 503 && facts.code === 'SlowDown')) {
    return { kind: 'slow-down', delayMs: retryAfterMs ?? DEFAULT_SLOW_DOWN_MS };
  }
  if (CREDENTIALS.has(facts.code)) return { kind: 'pause' };
  if (PERMANENT_S3.has(facts.code) || facts.code.startsWith('KMS.')) return { kind: 'fail-permanently' };
  if (facts.status !== null && facts.status >= 500) return { kind: 'retry-after', delayMs: retryAfterMs };
  // RequestTimeout (400), BadDigest and IncompleteBody: the bytes did not arrive intact this time.
  if (facts.code === 'RequestTimeout' || facts.code === 'BadDigest' || facts.code === 'IncompleteBody' || facts.code === 'XAmzContentSHA256Mismatch') {
    return { kind: 'retry-after', delayMs: null };
  }
  if (facts.status !== null && facts.status >= 400) return { kind: 'fail-permanently' };
  return { kind: 'retry-after', delayMs: retryAfterMs };
}

/** Delay before attempt n+1 after attempt n failed; attempts = delays + 1. Default: 13 attempts across 74 hours. */
export interface RetrySchedule {
  delaysSec: readonly number[];
  /** While offline, look again this often (online and wake events look at once). */
  networkPollSec: number;
}

export const DEFAULT_SCHEDULE: RetrySchedule = {
  delaysSec: [60, 240, 600, 2_700, 3_600, 7_200, 14_400, 21_600, 28_800, 43_200, 57_600, 86_400],
  networkPollSec: 300,
};

export const maxAttempts = (schedule: RetrySchedule): number => schedule.delaysSec.length + 1;

export interface RetryPlan {
  /** When to try again; null: never (failed permanently, or the schedule is used up). */
  at: Date | null;
  /** Whether the failed attempt used up one of the schedule's attempts. */
  counted: boolean;
}

/**
 * attemptsMade counts the attempt that just failed when it is a counted one. Waiting for the network is not
 * an attempt (nothing reached the bucket), so a weekend offline does not use up the schedule.
 */
export function retryPlan(decision: Decision, attemptsMade: number, schedule: RetrySchedule, now: Date): RetryPlan {
  const after = (ms: number) => new Date(now.getTime() + ms);
  switch (decision.kind) {
    case 'fail-permanently':
      return { at: null, counted: true };
    case 'restart-upload':
      return { at: now, counted: false };
    case 'wait-for-network': {
      const scheduled = schedule.delaysSec[Math.max(0, attemptsMade - 1)] ?? schedule.networkPollSec;
      return { at: after(Math.min(scheduled, schedule.networkPollSec) * 1000), counted: false };
    }
    default: {
      if (attemptsMade >= maxAttempts(schedule)) return { at: null, counted: true };
      const scheduledMs = (schedule.delaysSec[attemptsMade - 1] ?? schedule.delaysSec.at(-1) ?? 60) * 1000;
      const serverMs = decision.kind === 'retry-after' || decision.kind === 'slow-down' ? (decision.delayMs ?? 0) : 0;
      return { at: after(Math.max(scheduledMs, serverMs)), counted: true };
    }
  }
}

/**
 * Retries of one request inside an attempt: a reset connection or a SlowDown should cost seconds, not a
 * place in the 74-hour schedule. Null: stop retrying and let the attempt fail.
 */
export function innerRetryDelay(decision: Decision, retriesSoFar: number): number | null {
  if (decision.kind === 'retry-after') {
    if (retriesSoFar >= 4) return null;
    if (decision.delayMs !== null && decision.delayMs <= 30_000) return decision.delayMs;
    return 500 * 2 ** retriesSoFar; // 0.5, 1, 2, 4 s: a restarting server or a reset link, not an outage
  }
  if (decision.kind === 'slow-down') {
    if (retriesSoFar >= 8) return null;
    return Math.min(Math.max(decision.delayMs, 1_000 * 2 ** Math.min(retriesSoFar, 4)), 30_000);
  }
  return null;
}
