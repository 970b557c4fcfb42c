// Time-stamps delivered receipts (RFC 3161) and sends each token to the bucket as receipt.tsr: a delivery
// job, so it lives with delivery (evidence/ makes receipts and tokens; it never writes to a bucket). It never
// holds up a delivery: the attempt tries once right after receipt.json is in the bucket, and when the TSA
// is down (or the upload of the token fails) the next try is scheduled from the delivery retry schedule
// (retry-policy.ts, stored in the receipts row so it survives restarts). Long-running hosts start() a timer;
// `fieldtape deliver` runs what is due.
//
// Order of durability: the token is stored in SQLite as soon as the TSA answers (so a token is asked for
// once), then written beside the recording, then sent with If-None-Match: * like every other object.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditEventType } from '../../../shared/domain/audit';
import { TIMESTAMP_FILE_NAME, type TimestampStatus } from '../../../shared/domain/evidence';
import type { Profile } from '../../../shared/domain/profile';
import type { ProfileSecrets } from '../config/profiles-secrets';
import type { ProfileStore } from '../config/profiles';
import { targetFor, writeJournalFor } from './object-write';
import type { DeliveryStore } from '../store/delivery-store';
import type { DeliveryTuning } from './delivery-tuning';
import { errorFacts, explain } from './error-facts';
import { ObjectConflictError, putObject } from './multipart-upload';
import { classify, retryPlan } from './retry-policy';
import type { S3ClientFactory } from './s3-client';
import type { Semaphore } from '../semaphore';
import type { Throttle } from './throttle';
import { writeFileDurable } from '../fs-durable';
import type { Logger } from '../log';
import type { ReceiptStore } from '../store/receipt-store';
import { requestTimestamp } from '../evidence/tsa-client';

export interface TimestampJobDeps {
  receipts: ReceiptStore;
  store: DeliveryStore;
  profiles: ProfileStore;
  secrets: ProfileSecrets;
  clientFactory: S3ClientFactory;
  slots: Semaphore;
  throttle: Throttle;
  tuning: DeliveryTuning;
  clock: () => Date;
  log: Logger;
  audit: (type: AuditEventType, entry: { recordingId: string; sessionId: string | null; data: Record<string, unknown> }) => void;
}

export interface TimestampJob {
  /** Time-stamps one receipt now if it is pending; with `use`, on the attempt's own client. */
  stamp(recordingId: string, use?: { client: S3Client; profile: Profile; signal?: AbortSignal }): Promise<TimestampStatus | null>;
  /** Every pending time-stamp whose next try is due. */
  runDue(): Promise<number>;
  start(): void;
  close(): Promise<void>;
}

export function createTimestampJob(deps: TimestampJobDeps): TimestampJob {
  const { receipts, store, log } = deps;
  const now = () => deps.clock().toISOString();
  const running = new Map<string, Promise<TimestampStatus | null>>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let started = false;

  async function stampOnce(recordingId: string, use?: { client: S3Client; profile: Profile; signal?: AbortSignal }): Promise<TimestampStatus | null> {
    const row = receipts.get(recordingId);
    if (!row || row.tsrStatus !== 'pending' || !row.tsaUrl) return row?.tsrStatus ?? null;
    const object = store.object(recordingId, TIMESTAMP_FILE_NAME);
    const deliveryRow = store.get(recordingId);
    const profile = use?.profile ?? (deliveryRow ? deps.profiles.get(deliveryRow.profileId) : null);
    let client = use?.client ?? null;
    let ownClient = false;
    const signal = use?.signal ? AbortSignal.any([use.signal, abort.signal]) : abort.signal;
    try {
      let der = row.tsrDer;
      if (!der) {
        const token = await requestTimestamp(row.tsaUrl, Buffer.from(row.sha256, 'hex'), { signal });
        der = token.der;
        receipts.setToken(recordingId, der, token.facts.genTime);
        log.info('receipt time-stamped', { id: recordingId, tsa: row.tsaUrl, genTime: token.facts.genTime, serial: token.facts.serial });
      }
      if (!object || !profile) {
        // No receipt.tsr object planned (the destination was removed): keep the token here, try no upload.
        receipts.timestampFailed(recordingId, row.tsrAttempts + 1, null, { code: 'NOT_FOUND', message: 'The destination of this recording is gone, so its time-stamp token stays on this computer.' });
        return 'failed';
      }
      if (object.status === 'conflict') throw new ObjectConflictError(object.key);
      if (object.status !== 'delivered') {
        if (!fs.existsSync(object.localPath) || !fs.readFileSync(object.localPath).equals(der)) writeFileDurable(object.localPath, der);
        store.setContent(recordingId, object.name, der.length, createHash('sha256').update(der).digest('hex'));
        if (!client) {
          client = deps.clientFactory(profile, await deps.secrets.resolve(profile));
          ownClient = true;
        }
        const result = await putObject({
          client,
          target: targetFor(profile, object.key, object.name, object.kind, deps.clock()),
          path: object.localPath,
          journal: writeJournalFor(store, recordingId, object.name),
          slots: deps.slots,
          throttle: deps.throttle,
          signal,
          log,
        });
        store.objectDelivered(recordingId, object.name, result.etag, result.checksumSha256, now());
      }
      receipts.timestampDelivered(recordingId);
      const facts = receipts.get(recordingId);
      deps.audit('receipt.timestamped', {
        recordingId,
        sessionId: sessionOf(row.text),
        data: { key: object.key, tsa: row.tsaUrl, genTime: facts?.tsrGenTime ?? null, receiptSha256: row.sha256 },
      });
      return 'delivered';
    } catch (error) {
      if (abort.signal.aborted) return 'pending';
      const facts = errorFacts(error);
      const decision = error instanceof ObjectConflictError ? ({ kind: 'fail-permanently' } as const) : classify(facts);
      const plan = retryPlan(decision, row.tsrAttempts + 1, deps.tuning.schedule, deps.clock());
      const attempts = plan.counted ? row.tsrAttempts + 1 : row.tsrAttempts;
      const explained =
        facts.origin === 'local'
          ? { code: facts.code as 'CONFLICT', message: facts.message }
          : explain(facts, decision, { profile: profile?.name ?? '?', bucket: profile?.bucket ?? '?', endpoint: row.tsaUrl });
      receipts.timestampFailed(recordingId, attempts, plan.at?.toISOString() ?? null, explained);
      if (error instanceof ObjectConflictError) deps.audit('delivery.conflict', { recordingId, sessionId: sessionOf(row.text), data: { key: error.key, name: TIMESTAMP_FILE_NAME } });
      log.warn('time-stamp not done', { id: recordingId, code: facts.code, status: facts.status, attempts, next: plan.at?.toISOString() ?? null });
      schedule();
      return plan.at ? 'pending' : 'failed';
    } finally {
      if (ownClient) client?.destroy();
    }
  }

  function stamp(recordingId: string, use?: { client: S3Client; profile: Profile; signal?: AbortSignal }): Promise<TimestampStatus | null> {
    const existing = running.get(recordingId);
    if (existing) return existing;
    const job = stampOnce(recordingId, use).finally(() => running.delete(recordingId));
    running.set(recordingId, job);
    return job;
  }

  async function runDue(): Promise<number> {
    const due = receipts.dueTimestamps(now());
    for (const id of due) await stamp(id);
    return due.length;
  }

  function schedule(): void {
    if (!started) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const next = receipts.nextTimestampAt();
    if (!next) return;
    const delay = Math.min(Math.max(0, Date.parse(next) - deps.clock().getTime()), 2 ** 31 - 1);
    timer = setTimeout(() => {
      void runDue()
        .catch((error: unknown) => log.error('time-stamp run crashed', { error: String(error) }))
        .finally(schedule);
    }, delay + 50);
    timer.unref?.();
  }

  return {
    stamp,
    runDue,
    start() {
      started = true;
      schedule();
    },
    async close() {
      started = false;
      if (timer) clearTimeout(timer);
      abort.abort();
      await Promise.allSettled([...running.values()]);
    },
  };
}

/** The session a receipt belongs to, for its audit events (the receipt is the stored truth). */
function sessionOf(receiptText: string): string | null {
  try {
    const sessionId = (JSON.parse(receiptText) as { sessionId?: unknown }).sessionId;
    return typeof sessionId === 'string' ? sessionId : null;
  } catch {
    return null;
  }
}
