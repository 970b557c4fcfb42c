import { describe, expect, it } from 'vitest';
import { MAX_CHUNKS_IN_FLIGHT } from '../../shared/domain/intake';
import type { Result } from '../../shared/errors';
import { ChunkUploader } from './chunk-uploader';

/** A fake engine intake with the real rules: in order, bounded in flight, duplicates recognised. */
function fakeIntake(options: { failOnce?: Set<number>; latencyMs?: number; maxInFlight?: number } = {}) {
  const written: number[] = [];
  let inFlight = 0;
  let peak = 0;
  let busy = 0;
  const failOnce = new Set(options.failOnce);
  const send = async (seq: number, data: Uint8Array<ArrayBuffer>): Promise<Result<unknown>> => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      if (inFlight > (options.maxInFlight ?? MAX_CHUNKS_IN_FLIGHT)) return { ok: false, error: { code: 'BUSY', message: `Too many chunks in flight (${++busy})` } };
      // the ordering check happens synchronously on arrival, like the real journal queue
      const next = written.length;
      if (seq < next) return { ok: true, value: { duplicate: true } };
      if (seq > next) return { ok: false, error: { code: 'INVALID_REQUEST', message: `Chunk ${seq} arrived before chunk ${next}` } };
      if (failOnce.delete(seq)) return { ok: false, error: { code: 'IO_ERROR', message: 'transient' } };
      written.push(data[0]!);
      await new Promise((r) => setTimeout(r, options.latencyMs ?? 1));
      return { ok: true, value: { duplicate: false } };
    } finally {
      inFlight--;
    }
  };
  return { send, written, peak: () => peak, busy: () => busy };
}

const bytes = (n: number): Uint8Array<ArrayBuffer> => new Uint8Array([n]);

describe('ChunkUploader', () => {
  it('delivers every chunk in order with at most maxInFlight outstanding', async () => {
    const intake = fakeIntake({ latencyMs: 3 });
    const uploader = new ChunkUploader({ send: intake.send, maxInFlight: 3, sleep: async () => {} });
    for (let i = 0; i < 20; i++) uploader.push(Promise.resolve(bytes(i).buffer));
    const stats = await uploader.drain();
    expect(intake.written).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(intake.peak()).toBeLessThanOrEqual(3);
    expect(stats).toMatchObject({ queued: 20, durable: 20, failed: false });
  });

  it('keeps order when later chunks finish loading first', async () => {
    const intake = fakeIntake();
    const uploader = new ChunkUploader({ send: intake.send, sleep: async () => {} });
    const slow = new Promise<Uint8Array<ArrayBuffer>>((r) => setTimeout(() => r(bytes(0)), 20));
    uploader.push(slow);
    uploader.push(bytes(1));
    uploader.push(bytes(2));
    await uploader.drain();
    expect(intake.written).toEqual([0, 1, 2]);
  });

  it('retries a transient failure and the chunks after it, in order', async () => {
    const intake = fakeIntake({ failOnce: new Set([2]) });
    const uploader = new ChunkUploader({ send: intake.send, sleep: async () => {} });
    for (let i = 0; i < 6; i++) uploader.push(bytes(i));
    const stats = await uploader.drain();
    expect(intake.written).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stats.durable).toBe(6);
  });

  it('never has more than the engine allows in flight, retries included, at the shared limit', async () => {
    // Every third chunk fails once while later chunks are in flight: its retry must wait for a slot.
    const intake = fakeIntake({ failOnce: new Set([1, 4, 7, 10, 13]), latencyMs: 2 });
    const uploader = new ChunkUploader({ send: intake.send, sleep: async () => {} });
    for (let i = 0; i < 40; i++) uploader.push(bytes(i));
    const stats = await uploader.drain();
    expect(intake.written).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(intake.peak()).toBeLessThanOrEqual(MAX_CHUNKS_IN_FLIGHT);
    expect(intake.busy()).toBe(0);
    expect(stats).toMatchObject({ durable: 40, failed: false });
  });

  it('retries BUSY (by its code, whatever the message) and gives up on CONFLICT', async () => {
    let calls = 0;
    const busyOnce = new ChunkUploader({
      send: async () => (++calls === 1 ? { ok: false, error: { code: 'BUSY', message: 'anything' } } : { ok: true, value: null }),
      sleep: async () => {},
    });
    busyOnce.push(bytes(0));
    expect(await busyOnce.drain()).toMatchObject({ durable: 1, failed: false });
    const conflict = new ChunkUploader({ send: async () => ({ ok: false, error: { code: 'CONFLICT', message: 'in flight' } }), sleep: async () => {} });
    conflict.push(bytes(0));
    expect(await conflict.drain()).toMatchObject({ durable: 0, failed: true });
  });

  it('gives up on a fatal error and reports it once', async () => {
    const reports: number[] = [];
    const uploader = new ChunkUploader({
      send: async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } }),
      sleep: async () => {},
      onFatal: (_e, seq) => reports.push(seq),
    });
    for (let i = 0; i < 4; i++) uploader.push(bytes(i));
    const stats = await uploader.drain();
    expect(stats.failed).toBe(true);
    expect(reports).toEqual([0]);
  });
});
