import { describe, expect, it } from 'vitest';
import { classify, DEFAULT_SCHEDULE, innerRetryDelay, maxAttempts, retryPlan, type ErrorFacts } from './retry-policy';

const s3 = (code: string, status: number, retryAfterSec: number | null = null): ErrorFacts => ({ origin: 's3', code, status, retryAfterSec, message: code });
const net = (code: string): ErrorFacts => ({ origin: 'network', code, status: null, retryAfterSec: null, message: code });
const local = (code: string): ErrorFacts => ({ origin: 'local', code, status: null, retryAfterSec: null, message: code });

describe('classify', () => {
  it('slows down on SlowDown and 429, honouring Retry-After', () => {
    expect(classify(s3('SlowDown', 503))).toEqual({ kind: 'slow-down', delayMs: 2000 });
    expect(classify(s3('SlowDown', 503, 7))).toEqual({ kind: 'slow-down', delayMs: 7000 });
    expect(classify(s3('TooManyRequests', 429))).toMatchObject({ kind: 'slow-down' });
  });

  it('waits for the network when there is none, retries when the host was reached', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']) expect(classify(net(code))).toEqual({ kind: 'wait-for-network' });
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EPROTO']) expect(classify(net(code))).toEqual({ kind: 'retry-after', delayMs: null });
  });

  it('retries server errors and a 200 reply to Complete that carried an error', () => {
    expect(classify(s3('InternalError', 500))).toEqual({ kind: 'retry-after', delayMs: null });
    expect(classify(s3('ServiceUnavailable', 503, 3))).toMatchObject({ kind: 'slow-down', delayMs: 3000 });
    expect(classify(s3('BadGateway', 502))).toEqual({ kind: 'retry-after', delayMs: null });
    expect(classify(s3('RequestTimeout', 400))).toEqual({ kind: 'retry-after', delayMs: null });
  });

  it('restarts the upload when it is gone, retries at once after clock skew', () => {
    expect(classify(s3('NoSuchUpload', 404))).toEqual({ kind: 'restart-upload' });
    expect(classify(s3('RequestTimeTooSkewed', 403))).toEqual({ kind: 'retry-after', delayMs: 0 });
  });

  it('pauses on refused credentials and fails permanently on configuration errors', () => {
    for (const code of ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'AccessDenied']) expect(classify(s3(code, 403))).toEqual({ kind: 'pause' });
    expect(classify(local('UNAUTHORIZED'))).toEqual({ kind: 'pause' });
    for (const code of ['NoSuchBucket', 'AuthorizationHeaderMalformed', 'PermanentRedirect', 'KMS.NotFoundException', 'EntityTooLarge']) {
      expect(classify(s3(code, 400))).toEqual({ kind: 'fail-permanently' });
    }
    expect(classify(s3('SomethingNew', 400))).toEqual({ kind: 'fail-permanently' });
    expect(classify(local('NOT_FOUND'))).toEqual({ kind: 'fail-permanently' });
    expect(classify(local('CORRUPT_DATA'))).toEqual({ kind: 'fail-permanently' });
    expect(classify(local('DISK_FULL'))).toEqual({ kind: 'retry-after', delayMs: null });
  });
});

describe('the default schedule', () => {
  it('is 13 attempts across 74 hours', () => {
    expect(maxAttempts(DEFAULT_SCHEDULE)).toBe(13);
    expect(DEFAULT_SCHEDULE.delaysSec.reduce((a, b) => a + b, 0)).toBe(74 * 3600);
  });

  it('walks the schedule and stops after the last attempt', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const retry = { kind: 'retry-after', delayMs: null } as const;
    let elapsed = 0;
    for (let attempt = 1; attempt < 13; attempt++) {
      const plan = retryPlan(retry, attempt, DEFAULT_SCHEDULE, now);
      expect(plan.counted).toBe(true);
      elapsed += plan.at!.getTime() - now.getTime();
    }
    expect(elapsed).toBe(74 * 3600 * 1000);
    expect(retryPlan(retry, 13, DEFAULT_SCHEDULE, now)).toEqual({ at: null, counted: true });
  });

  it('lets the server ask for a longer wait but never a shorter one', () => {
    const now = new Date(0);
    expect(retryPlan({ kind: 'slow-down', delayMs: 600_000 }, 1, DEFAULT_SCHEDULE, now).at!.getTime()).toBe(600_000);
    expect(retryPlan({ kind: 'slow-down', delayMs: 1_000 }, 1, DEFAULT_SCHEDULE, now).at!.getTime()).toBe(60_000);
  });

  it('does not count waiting for the network, and polls at most every 5 minutes', () => {
    const plan = retryPlan({ kind: 'wait-for-network' }, 9, DEFAULT_SCHEDULE, new Date(0));
    expect(plan).toEqual({ at: new Date(300_000), counted: false });
  });

  it('fails permanently at once and restarts a lost upload at once', () => {
    expect(retryPlan({ kind: 'fail-permanently' }, 1, DEFAULT_SCHEDULE, new Date(0)).at).toBeNull();
    expect(retryPlan({ kind: 'restart-upload' }, 1, DEFAULT_SCHEDULE, new Date(5)).at).toEqual(new Date(5));
  });
});

describe('retries inside one attempt', () => {
  it('backs off a few times, then lets the attempt fail', () => {
    const retry = { kind: 'retry-after', delayMs: null } as const;
    expect([0, 1, 2, 3, 4].map((n) => innerRetryDelay(retry, n))).toEqual([500, 1000, 2000, 4000, null]);
    expect(innerRetryDelay({ kind: 'slow-down', delayMs: 2000 }, 0)).toBe(2000);
    expect(innerRetryDelay({ kind: 'slow-down', delayMs: 2000 }, 3)).toBe(8000);
    expect(innerRetryDelay({ kind: 'slow-down', delayMs: 2000 }, 8)).toBeNull();
    expect(innerRetryDelay({ kind: 'pause' }, 0)).toBeNull();
    expect(innerRetryDelay({ kind: 'wait-for-network' }, 0)).toBeNull();
  });
});
