// Bad input loses nothing: a damaged journal is salvaged or explained, a full disk stops the recording
// cleanly, and an unwritable data folder gets a clear error. Never a crash, never a silently empty file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES } from '../../main/core/recording/journal-format';
import { scanJournal } from '../../main/core/recording/journal-reader';
import type { RecordingSnapshot } from '../../shared/domain/recording';
import { asAuditEvents, asError, asRecording, asRecordings, exited, failureOf, recoveredRecordings, runCli, spawnCli, waitFor, waitForLiveChunks } from '../support/cli';
import { ffprobe, journalMediaSeconds, sha256File } from '../support/media-check';
import { mountTmpfs } from '../support/small-filesystem';
import { makeTempHome } from '../support/temp-home';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.reverse().forEach((c) => c()));

function home(): string {
  const h = makeTempHome('fieldtape-damage-');
  cleanups.push(h.cleanup);
  return h.dir;
}

/** A recording killed mid-capture, with its journal left for recovery. */
async function killedRecording(dir: string, chunks: number): Promise<{ id: string; journal: string }> {
  const child = spawnCli(dir, ['record', '--source', 'testsrc', '--json']);
  const live = await waitForLiveChunks(dir, child, chunks, 60_000);
  child.kill('SIGKILL');
  await exited(child);
  return { id: live.id, journal: path.join(dir, 'recordings', live.id, 'journal', 'segment-000001.ftj') };
}

function mp4Of(recording: RecordingSnapshot | undefined): string {
  const mp4 = recording?.artifacts.find((a) => a.kind === 'mp4');
  if (!mp4) throw new Error('no MP4');
  return mp4.path;
}

function warningsOf(recording: RecordingSnapshot | undefined): string {
  return recording?.detail.status === 'ready' ? (recording.detail.warnings ?? []).join(' ') : '';
}

function firstRecovered(json: unknown): RecordingSnapshot {
  const [first] = recoveredRecordings(json);
  if (!first) throw new Error('nothing was recovered');
  return first;
}

describe('damaged journals', () => {
  it('salvages around a corrupted middle chunk and reports it', async () => {
    const dir = home();
    const { journal } = await killedRecording(dir, 6);
    const scan = scanJournal(journal);
    const data = fs.readFileSync(journal);
    const victim = scan.records[3]!;
    data.fill(0x55, victim.offset + 100, victim.offset + 400);
    fs.writeFileSync(journal, data);
    const run = runCli(dir, ['recover', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const recording = firstRecovered(run.json);
    expect(recording.state).toBe('ready');
    expect(warningsOf(recording)).toMatch(/chunk 3 .*fails its checksum/i);
    expect(ffprobe(mp4Of(recording)).durationSec).toBeGreaterThan(2.5);
    const finalized = asAuditEvents(runCli(dir, ['audit', 'list', '--json']).json).find((e) => e.type === 'recording.finalized');
    expect(String(finalized?.data.salvage)).toMatch(/chunk 3/i);
  });

  it('drops a truncated last chunk and keeps the rest', async () => {
    const dir = home();
    const { journal } = await killedRecording(dir, 5);
    const before = scanJournal(journal).records.length;
    fs.truncateSync(journal, fs.statSync(journal).size - 1000);
    const run = runCli(dir, ['recover', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(firstRecovered(run.json).state).toBe('ready');
    expect(warningsOf(firstRecovered(run.json))).toMatch(/incomplete/);
    expect(scanJournal(journal).records.length).toBe(before - 1);
    expect(ffprobe(mp4Of(firstRecovered(run.json))).durationSec).toBeGreaterThan(3);
  });

  it('explains a missing first (header) chunk instead of producing an empty file', async () => {
    const dir = home();
    const { journal, id } = await killedRecording(dir, 3);
    const data = fs.readFileSync(journal);
    data.fill(0, 0, RECORD_HEADER_BYTES + 64);
    fs.writeFileSync(journal, data);
    const run = runCli(dir, ['recover', '--json']);
    expect(run.code).toBe(1);
    const failed = firstRecovered(run.json);
    expect(failed).toMatchObject({ id, state: 'failed', detail: { error: { code: 'CORRUPT_DATA' } } });
    expect(failureOf(failed).message).toMatch(/container header/);
    expect(failed.artifacts).toEqual([]);
    expect(fs.existsSync(journal)).toBe(true);
  });
});

describe('disk space', () => {
  it('refuses to start below the minimum free space, with numbers', () => {
    const fsSmall = mountTmpfs(24);
    cleanups.push(fsSmall.unmount);
    const run = runCli(fsSmall.dir, ['record', '--source', 'testsrc', '--duration', '2', '--json']);
    expect(run.code).toBe(1);
    expect(asError(run.json).code).toBe('DISK_FULL');
    expect(asError(run.json).message).toMatch(/MB free .* needs at least 512\.0 MB/);
  });

  it('stops cleanly when free space runs low, and finalizes everything once there is room', async () => {
    const fsSmall = mountTmpfs(26);
    cleanups.push(fsSmall.unmount);
    expect(runCli(fsSmall.dir, ['settings', 'set', 'minFreeDiskMb', '18']).code).toBe(0);
    const run = runCli(fsSmall.dir, ['record', '--source', 'testsrc', '--duration', '120', '--json'], { timeoutMs: 120_000 });
    // The guard stopped the recording long before 120 s; finalizing needs more room than is left, and
    // says so with numbers instead of failing half-way.
    const stopped = asRecording(run.json);
    expect(stopped.state, run.stderr).toBe('failed');
    expect(failureOf(stopped).code).toBe('DISK_FULL');
    expect(failureOf(stopped).message).toMatch(/needs about [\d.]+ MB free and [\d.]+ MB is free/);
    const journal = path.join(fsSmall.dir, 'recordings', stopped.id, 'journal', 'segment-000001.ftj');
    const scan = scanJournal(journal);
    expect(scan.problems).toEqual([]);
    // The disk grows (the user freed space): recover finalizes every durable chunk.
    execFileSync('mount', ['-o', 'remount,size=256m', fsSmall.dir]);
    const journaled = journalMediaSeconds(journal, fsSmall.dir);
    const recovered = runCli(fsSmall.dir, ['recover', '--json']);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(firstRecovered(recovered.json)).toMatchObject({ id: stopped.id, state: 'ready', chunks: scan.records.length });
    const probe = ffprobe(mp4Of(firstRecovered(recovered.json)));
    expect(journaled).toBeGreaterThan(1);
    expect(Math.abs(probe.durationSec - journaled)).toBeLessThan(0.5);
    for (const a of firstRecovered(recovered.json).artifacts) expect(sha256File(a.path)).toBe(a.sha256);
  });

  it('survives a disk that fills up completely: clear error, intact journal, recovered once space returns', async () => {
    const fsSmall = mountTmpfs(40);
    cleanups.push(fsSmall.unmount);
    expect(runCli(fsSmall.dir, ['settings', 'set', 'minFreeDiskMb', '16']).code).toBe(0);
    const child = spawnCli(fsSmall.dir, ['record', '--source', 'testsrc', '--json']);
    await waitFor(() => (asRecordings(runCli(fsSmall.dir, ['list', '--json']).json)[0]?.chunks ?? 0) >= 3, 60_000, 'three chunks');
    // Another program eats the disk: leave less than one chunk of room.
    const filler = path.join(fsSmall.dir, 'filler.bin');
    const free = () => { const s = fs.statfsSync(fsSmall.dir); return s.bavail * s.bsize; };
    try {
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 200_000)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error; // full either way
    }
    expect(await exited(child)).toBe(1);
    // Either the failure was recorded (a failed recording), or the library itself could not be updated
    // (an error document); both must say the disk is full.
    const error = failureOf(JSON.parse(child.output.stdout));
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(/disk is full/i);
    fs.rmSync(filler);
    const failed = asRecordings(runCli(fsSmall.dir, ['list', '--json']).json)[0]!;
    const journal = path.join(fsSmall.dir, 'recordings', failed.id, 'journal', 'segment-000001.ftj');
    const scan = scanJournal(journal);
    expect(scan.problems).toEqual([]);
    expect(scan.records.length).toBeGreaterThanOrEqual(3);
    const run = runCli(fsSmall.dir, ['recover', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(firstRecovered(run.json)).toMatchObject({ id: failed.id, state: 'ready' });
    // Everything that was durable before the disk filled is in the MP4.
    const journaled = journalMediaSeconds(journal, fsSmall.dir);
    expect(journaled).toBeGreaterThan(0.5);
    expect(Math.abs(ffprobe(mp4Of(firstRecovered(run.json))).durationSec - journaled)).toBeLessThan(0.5);
  });

  it('gives a clear error for an unwritable data folder', () => {
    const readOnly = mountTmpfs(1, { readOnly: true });
    cleanups.push(readOnly.unmount);
    const run = runCli(path.join(readOnly.dir, 'home'), ['record', '--source', 'testsrc', '--duration', '1', '--json']);
    expect(run.code).toBe(1);
    expect(asError(run.json).code).toBe('IO_ERROR');
    expect(asError(run.json).message).toMatch(/cannot write to its data folder .*EROFS.*FIELDTAPE_HOME/);
  });
});
