// `fieldtape record` and `fieldtape recover` with real ffmpeg, real SQLite and real signals: a finished
// recording is an h264+aac MP4 with verifiable artifacts, and a recording killed at any point is
// recovered from its journal.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { asAuditEvents, asError, asRecording, asRecordings, asRecoveryReport, exited, recoveredRecordings, runCli, spawnCli, waitFor, waitForListed, waitForLiveChunks } from '../support/cli';
import { ffprobe, sha256File } from '../support/media-check';
import { makeTempHome } from '../support/temp-home';

const homes: Array<{ cleanup(): void }> = [];
afterAll(() => homes.forEach((h) => h.cleanup()));
function home(): string {
  const h = makeTempHome('fieldtape-rec-');
  homes.push(h);
  return h.dir;
}

function artifact(recording: RecordingSnapshot, kind: string) {
  const found = recording.artifacts.find((a) => a.kind === kind);
  if (!found) throw new Error(`recording ${recording.id} has no ${kind}`);
  return found;
}

function expectVerifiable(recording: RecordingSnapshot, minSec: number, maxSec: number) {
  expect(recording.state).toBe('ready');
  expect(recording.sessionId).toBeNull();
  const kinds = recording.artifacts.map((a) => a.kind);
  expect(kinds).toEqual(expect.arrayContaining(['mp4', 'snapshot', 'filmstrip', 'manifest']));
  for (const artifact of recording.artifacts) {
    expect(fs.statSync(artifact.path).size).toBe(artifact.bytes);
    expect(sha256File(artifact.path)).toBe(artifact.sha256);
  }
  const probe = ffprobe(artifact(recording, 'mp4').path);
  expect(probe.codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
  expect(probe.durationSec).toBeGreaterThanOrEqual(minSec);
  expect(probe.durationSec).toBeLessThanOrEqual(maxSec);
  const manifest = JSON.parse(fs.readFileSync(artifact(recording, 'manifest').path, 'utf8')) as { recordingId: string; artifacts: Array<{ kind: string; sha256: string }> };
  expect(manifest.recordingId).toBe(recording.id);
  for (const listed of manifest.artifacts) {
    expect(listed.sha256).toBe(artifact(recording, listed.kind).sha256);
  }
  return probe;
}

describe('fieldtape record', () => {
  it('records 8 s of testsrc into verifiable artifacts', () => {
    const dir = home();
    const run = runCli(dir, ['record', '--source', 'testsrc', '--duration', '8', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const recording = asRecording(run.json);
    const probe = expectVerifiable(recording, 7.5, 8.5);
    expect(probe.durationSec).toBeCloseTo(recording.durationSec!, 1);
    const shown = asRecording(runCli(dir, ['show', recording.id, '--json']).json);
    expect(shown.artifacts).toEqual(recording.artifacts);
    const audit = runCli(dir, ['audit', 'verify', '--json']);
    expect(audit.code).toBe(0);
    expect(audit.json).toMatchObject({ ok: true, events: 3 });
  });

  it('stops and finalizes on SIGINT', async () => {
    const dir = home();
    const child = spawnCli(dir, ['record', '--source', 'testsrc', '--json']);
    await waitForLiveChunks(dir, child, 3, 30_000);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    // Three one-second chunks of wall time; under heavy load a real-time source yields less media.
    expectVerifiable(asRecording(JSON.parse(child.output.stdout)), 0.5, 30);
  });

  it('imports a media file through the journal', () => {
    const dir = home();
    const first = runCli(dir, ['record', '--source', 'testsrc', '--duration', '3', '--json']).json;
    const mp4 = artifact(asRecording(first), 'mp4').path;
    const imported = runCli(dir, ['record', '--source', `file:${mp4}`, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expectVerifiable(asRecording(imported.json), 2.5, 3.5);
    expect(asRecording(imported.json).source).toEqual({ kind: 'file', path: mp4 });
  });

  it('records the X11 desktop through x11grab', async () => {
    const dir = home();
    const display = 90 + Math.floor(Math.random() * 9);
    const xvfb = spawn('Xvfb', [`:${display}`, '-screen', '0', '1280x720x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    try {
      await waitFor(() => fs.existsSync(`/tmp/.X11-unix/X${display}`), 10_000, 'Xvfb to start');
      const run = runCli(dir, ['record', '--source', 'screen', '--duration', '3', '--json'], { env: { DISPLAY: `:${display}` } });
      expect(run.code, run.stderr).toBe(0);
      const recording = asRecording(run.json);
      expect(recording.source).toEqual({ kind: 'screen' });
      expectVerifiable(recording, 2.5, 3.5);
    } finally {
      xvfb.kill('SIGTERM');
    }
  });

  it('fails clearly when the capture device does not exist', () => {
    const dir = home();
    const run = runCli(dir, ['record', '--source', 'screen', '--duration', '2', '--json'], { env: { DISPLAY: ':77' } });
    expect(run.code).toBe(1);
    const recording = asRecording(run.json);
    expect(recording.state).toBe('failed');
    expect(recording.detail).toMatchObject({ error: { code: 'MEDIA_ERROR', message: expect.stringMatching(/Could not capture from screen/) } });
  });

  it('explains a bad source or an unsupported import', () => {
    const dir = home();
    const bad = runCli(dir, ['record', '--source', 'webcam', '--json']);
    expect(bad.code).toBe(64);
    expect(asError(bad.json).message).toMatch(/--source must be/);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    const unsupported = runCli(dir, ['record', '--source', `file:${text}`, '--json']);
    expect(unsupported.code).toBe(1);
    expect(asError(unsupported.json).message).toMatch(/supported files are/);
  });
});

describe('fieldtape recover after SIGKILL', () => {
  it('recovers a recording killed after about 10 s with at least 8.5 s of media', async () => {
    const dir = home();
    const child = spawnCli(dir, ['record', '--source', 'testsrc', '--json']);
    const started = await waitForListed(dir, child, (r) => r.state === 'recording', 30_000, 'recording state');
    await new Promise((r) => setTimeout(r, 10_000 - (Date.now() - Date.parse(started.startedAt ?? started.createdAt))));
    child.kill('SIGKILL');
    await exited(child);
    // Its owner is gone: it is listed as interrupted, never as still recording.
    expect(asRecordings(runCli(dir, ['list', '--json']).json)[0]?.state).toBe('interrupted');
    const run = runCli(dir, ['recover', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = asRecoveryReport(run.json);
    expect(report.recovered.map((r) => r.from)).toEqual(['recording']);
    const recovered = recoveredRecordings(run.json);
    expect(recovered).toHaveLength(1);
    expectVerifiable(recovered[0]!, 8.5, 11);
    const events = asAuditEvents(runCli(dir, ['audit', 'list', '--json']).json).map((e) => e.type);
    expect(events).toEqual(['recording.started', 'recording.interrupted', 'recording.recovered', 'recording.finalized']);
    const again = runCli(dir, ['recover', '--json']);
    expect(again.json).toEqual({ recovered: [], skipped: [], nothingDurable: [], errors: [] });
    expect(again.code).toBe(2);
    expect(runCli(dir, ['recover']).stdout.trim()).toBe('Nothing to recover.');
  });

  it('recovers a recording killed during finalize', async () => {
    const dir = home();
    // A slow encode preset keeps finalize busy long enough to be killed in the middle of it.
    runCli(dir, ['settings', 'set', 'encodePreset', 'slow']);
    const child = spawnCli(dir, ['record', '--source', 'testsrc', '--duration', '6', '--json'], { FFMPEG_PATH: '/usr/bin/ffmpeg' });
    await waitForListed(dir, child, (r) => r.state === 'finalizing', 60_000, 'finalizing state');
    child.kill('SIGKILL');
    await exited(child);
    const run = runCli(dir, ['recover', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expectVerifiable(recoveredRecordings(run.json)[0]!, 5.5, 6.5);
  });

  it('recovers a recording killed within its first seconds', async () => {
    const dir = home();
    const child = spawnCli(dir, ['record', '--source', 'testsrc', '--json']);
    await waitForLiveChunks(dir, child, 1, 30_000);
    child.kill('SIGKILL');
    await exited(child);
    const run = runCli(dir, ['recover', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expectVerifiable(recoveredRecordings(run.json)[0]!, 0.3, 4);
  });
});
