// The MediaRecorder intake over the contract, through the web shell's WebSocket: WebM chunks in,
// a verifiable H.264/AAC recording out. The renderer side comes with the sessions work; this drives the
// same channels with real WebM produced by ffmpeg.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { createEngine, type Engine } from '../../main/engine';
import { startWebShell, type WebShell } from '../../main/web/server';
import { connectContract, type ContractClient } from '../support/contract-client';
import { ffprobe, sha256File } from '../support/media-check';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';

const MIME = 'video/webm;codecs=vp8,opus';
let home: ReturnType<typeof makeTempHome>;
let engine: Engine;
let shell: WebShell;
let client: ContractClient;
let webm: Buffer;

/** Byte-split like a MediaRecorder timeslice: the first chunk carries the EBML header, the rest do not. */
function split(data: Buffer, pieces: number): Buffer[] {
  const size = Math.ceil(data.length / pieces);
  return Array.from({ length: pieces }, (_, i) => data.subarray(i * size, (i + 1) * size)).filter((b) => b.length > 0);
}

function unwrap<T>(result: { ok: boolean; value?: unknown; error?: { message: string } }): T {
  if (!result.ok) throw new Error(result.error!.message);
  return result.value as T;
}

beforeAll(async () => {
  home = makeTempHome('fieldtape-intake-');
  const source = path.join(home.dir, 'source.webm');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000', '-t', '4', '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '800k', '-c:a', 'libopus', '-f', 'webm', source]);
  webm = fs.readFileSync(source);
  engine = createEngine({ dataDir: path.join(home.dir, 'data'), host: 'web' });
  engine.settings.set('encodePreset', 'ultrafast');
  engine.settings.set('minFreeDiskMb', 16);
  shell = await startWebShell({ engine, port: 0, rendererDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  client = await connectContract(shell.port, shell.token);
});

afterAll(async () => {
  client?.close();
  await shell?.close();
  await engine?.close();
  home?.cleanup();
});

describe('recording intake over the contract', () => {
  it('turns streamed WebM chunks into a verifiable recording', async () => {
    const started = unwrap<RecordingSnapshot>(await client.call('recording.start', { mime: MIME, title: 'Intake test', sessionId: 'sess-1', participant: 'tech-1' }));
    expect(started.state).toBe('starting');
    const chunks = split(webm, 8);
    for (const [seq, data] of chunks.entries()) {
      const ack = unwrap<{ seq: number; duplicate: boolean }>(await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq, data: new Uint8Array(data) }));
      expect(ack).toMatchObject({ seq, duplicate: false });
    }
    // A resend after a reconnect is acknowledged, not written twice.
    const again = unwrap<{ duplicate: boolean }>(await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq: 2, data: new Uint8Array(chunks[2]!) }));
    expect(again.duplicate).toBe(true);
    const done = unwrap<RecordingSnapshot>(await client.call('recording.stop', { recordingId: started.id }));
    expect(done.state).toBe('ready');
    expect(done.sessionId).toBe('sess-1');
    expect(done.chunks).toBe(chunks.length);
    const mp4 = done.artifacts.find((a) => a.kind === 'mp4')!;
    const probe = ffprobe(mp4.path);
    expect(probe.codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
    expect(probe.durationSec).toBeGreaterThan(3.5);
    expect(probe.durationSec).toBeLessThan(4.5);
    for (const a of done.artifacts) expect(sha256File(a.path)).toBe(a.sha256);
    const states = client.events.filter((e) => e.event === 'recording.updated' && (e.payload as RecordingSnapshot).id === started.id).map((e) => (e.payload as RecordingSnapshot).state);
    expect(states).toEqual(['starting', 'recording', 'stopping', 'finalizing', 'ready']);
  });

  it('joins a paused and resumed recording from its two segments', async () => {
    const started = unwrap<RecordingSnapshot>(await client.call('recording.start', { mime: MIME }));
    for (const [seq, data] of split(webm, 4).entries()) unwrap(await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq, data: new Uint8Array(data) }));
    expect(unwrap<RecordingSnapshot>(await client.call('recording.pause', { recordingId: started.id })).state).toBe('paused');
    const refused = await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq: 4, data: new Uint8Array([1, 2, 3]) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const resumed = unwrap<RecordingSnapshot>(await client.call('recording.resume', { recordingId: started.id, mime: MIME }));
    expect(resumed.detail).toMatchObject({ status: 'recording', segment: 2 });
    for (const [seq, data] of split(webm, 5).entries()) unwrap(await client.call('recording.chunk', { recordingId: started.id, segment: 2, seq, data: new Uint8Array(data) }));
    const done = unwrap<RecordingSnapshot>(await client.call('recording.stop', { recordingId: started.id }));
    expect(done.state).toBe('ready');
    expect(done.segments).toBe(2);
    expect(ffprobe(done.artifacts.find((a) => a.kind === 'mp4')!.path).durationSec).toBeGreaterThan(7.5);
    const audit = engine.audit.list({ recordingId: started.id }).map((e) => e.type);
    expect(audit).toEqual(['recording.started', 'recording.paused', 'recording.resumed', 'recording.stopped', 'recording.finalized']);
  });

  it('refuses what is not a WebM stream, out-of-order chunks and unsupported codecs, clearly', async () => {
    const badMime = await client.call('recording.start', { mime: 'video/mp4;codecs=avc1,mp4a' });
    expect(badMime).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const started = unwrap<RecordingSnapshot>(await client.call('recording.start', { mime: MIME }));
    const noHeader = await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq: 0, data: new Uint8Array(webm.subarray(5000, 9000)) });
    expect(noHeader).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/WebM\/Matroska header/) } });
    unwrap(await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq: 0, data: new Uint8Array(webm.subarray(0, 4000)) }));
    const skipped = await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq: 5, data: new Uint8Array(webm.subarray(4000, 8000)) });
    expect(skipped).toMatchObject({ ok: false, error: { message: expect.stringMatching(/arrived before chunk 1/) } });
    const empty = await client.call('recording.chunk', { recordingId: started.id, segment: 1, seq: 1, data: new Uint8Array(0) });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const ghost = await client.call('recording.chunk', { recordingId: 'rec_doesnotexist0', segment: 1, seq: 0, data: new Uint8Array(webm.subarray(0, 100)) });
    expect(ghost).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('pushes back when a sender runs too far ahead of the disk', async () => {
    const started = unwrap<RecordingSnapshot>(await client.call('recording.start', { mime: MIME }));
    const chunks = split(webm, 40);
    const results = await Promise.all(chunks.map((data, seq) => client.call('recording.chunk', { recordingId: started.id, segment: 1, seq, data: new Uint8Array(data) })));
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'BUSY', message: expect.stringMatching(/in flight/) } });
    // Nothing refused was written: the journal holds an unbroken prefix.
    const accepted = results.filter((r) => r.ok).length;
    expect(engine.recordings.get(started.id).chunks).toBe(accepted);
  });
});
