import { describe, expect, it } from 'vitest';
import type { DeliverySnapshot } from '../../../shared/domain/delivery';
import { canCancel, canRetry, deliveryStatusText } from './delivery-text';

const base: DeliverySnapshot = {
  recordingId: 'rec_abcdefghij1',
  profileId: 'prof_12345678',
  profileName: 'acme',
  bucket: 'b',
  mode: 'post-stop',
  state: 'queued',
  detail: { status: 'queued', since: 't' },
  attempts: 0,
  maxAttempts: 13,
  nextAttemptAt: null,
  lastError: null,
  bytesDone: 0,
  bytesTotal: 0,
  objects: [],
  createdAt: 't',
  updatedAt: 't',
  deliveredAt: null,
  localPurgedAt: null,
};
const at = (iso: string) => `<${iso}>`;
const error = { code: 'IO_ERROR' as const, message: 'No network.' };

describe('delivery status text for evidence', () => {
  const object = (name: string, status: 'pending' | 'delivered') => ({ name, kind: 'receipt' as const, key: name, bytes: null, sha256: null, status, etag: null, checksumSha256: null, partsDone: 0, bytesDone: 0, deliveredAt: null });
  it('names a conflict, and a delivery whose time-stamp is still to come', () => {
    const conflict = { code: 'CONFLICT' as const, message: 'The bucket already holds another object under k.' };
    expect(deliveryStatusText({ ...base, state: 'failed', detail: { status: 'failed', at: 't', error: conflict } }, at)).toBe('Conflict: The bucket already holds another object under k.');
    const delivered = { ...base, state: 'delivered' as const, detail: { status: 'delivered' as const, at: 'T' } };
    expect(deliveryStatusText({ ...delivered, objects: [object('receipt.json', 'delivered'), object('receipt.tsr', 'pending')] }, at)).toBe('Delivered <T> (time-stamp pending)');
    expect(deliveryStatusText({ ...delivered, objects: [object('receipt.json', 'delivered'), object('receipt.tsr', 'delivered')] }, at)).toBe('Delivered <T>');
  });
});

describe('delivery status text', () => {
  it('says what is happening and what comes next', () => {
    expect(deliveryStatusText(base, at)).toBe('Queued');
    expect(deliveryStatusText({ ...base, state: 'uploading', detail: { status: 'uploading', since: 't', attempt: 1 }, bytesDone: 50, bytesTotal: 200 }, at)).toBe('Uploading 25 %');
    expect(deliveryStatusText({ ...base, state: 'waiting', detail: { status: 'waiting', until: 'T2', reason: 'network', error } }, at)).toBe('Waiting until <T2> after: No network.');
    expect(deliveryStatusText({ ...base, state: 'delivered', detail: { status: 'delivered', at: 'T3' } }, at)).toBe('Delivered <T3>');
    expect(deliveryStatusText({ ...base, state: 'failed', detail: { status: 'failed', at: 'T', error } }, at)).toBe('Failed permanently: No network.');
  });

  it('offers retry and cancel only where they mean something', () => {
    expect([canRetry(base), canCancel(base)]).toEqual([false, true]);
    const failed = { ...base, state: 'failed' as const, detail: { status: 'failed' as const, at: 'T', error } };
    expect([canRetry(failed), canCancel(failed)]).toEqual([true, false]);
  });
});
