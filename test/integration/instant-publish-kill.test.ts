// SIGKILL during instant mode's publish. `fieldtape record` delivers instantly: the fragmented MP4 goes to
// MinIO while recording, and at Stop the instant finalize publishes that MP4, makes the pictures from it and
// writes the manifest. Its whole process group is killed at a random moment of that finalize, and
// `fieldtape recover` runs at once. Afterwards every recording is ready, and once delivered, every object in
// the bucket is byte-identical to the local file the library lists, whether the kill came before the MP4
// was published, after, or after it was already complete in the bucket.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { createEngine } from '../../main/engine';
import { asRecoveryReport, CLI, runCli } from '../support/cli';
import { addProfile, adminClient, profileSettings, readObject, sha256, sha256File } from '../support/delivery-fixture';
import { ffprobe } from '../support/media-check';
import { killGroup, untilWhileRunning } from '../support/process-group';
import { makeTempHome } from '../support/temp-home';

const KILLS = Number(process.env.FIELDTAPE_INSTANT_KILLS ?? 8);
const RECORD_SEC = 4;

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};

const home = makeTempHome('fieldtape-instant-kill-');
let keep = false;
afterAll(() => (keep ? process.stderr.write(`instant-publish-kill: data folder kept: ${home.dir}\n`) : home.cleanup()));

function state(title: string): { id: string; state: string } | undefined {
  const file = path.join(home.dir, 'fieldtape.db');
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return db.prepare('SELECT id, state FROM recordings WHERE title = ?').get(title) as { id: string; state: string } | undefined;
  } finally {
    db.close();
  }
}


describe('SIGKILL during the instant publish', () => {
  it(`recovers every recording and delivers it byte-identical (${KILLS} kills)`, { timeout: 120_000 + KILLS * 30_000 }, async () => {
    onTestFailed(() => void (keep = true));
    const s3 = { endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'), region: env('FIELDTAPE_TEST_S3_REGION'), bucket: env('FIELDTAPE_TEST_S3_BUCKET'), accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY') };
    const cliEnv = { FT_TEST_SECRET: env('FIELDTAPE_TEST_S3_WRITER_SECRET'), FIELDTAPE_DELIVERY_SCHEDULE: '1,1,1,1,1', FIELDTAPE_TESTSRC_SIZE: '320x180' };
    const setup = createEngine({ dataDir: home.dir, host: 'cli', delivery: { env: cliEnv, autoStart: false } });
    addProfile(setup, profileSettings('instant-kill', s3, 'FT_TEST_SECRET'));
    setup.settings.set('deliveryMode', 'instant');
    await setup.close();

    const moments: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const title = `instant kill ${i}`;
      const child = spawn(process.execPath, [CLI, 'record', '--source', 'testsrc', '--duration', String(RECORD_SEC), '--title', title, '--json'], {
        env: { ...process.env, ...cliEnv, FIELDTAPE_HOME: home.dir },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      // Even kills: as the finalize begins (the remux's end), later each time. Odd kills: right after the
      // MP4 was published, while the pictures and the manifest are made, later each time.
      const mp4Published = () => {
        const r = state(title);
        return r?.state === 'finalizing' && fs.existsSync(path.join(home.dir, 'recordings', r.id, 'artifacts', 'recording.mp4'));
      };
      const reached = await untilWhileRunning(child, i % 2 === 0 ? () => state(title)?.state === 'finalizing' : mp4Published, 60_000);
      expect(reached, `record ${i} never reached the moment to kill: ${stderr}`).toBe(true);
      await new Promise((r) => setTimeout(r, Math.floor(i / 2) * 60));
      killGroup(child);
      const atKill = state(title)!;
      const published = fs.existsSync(path.join(home.dir, 'recordings', atKill.id, 'artifacts', 'recording.mp4'));
      moments.push(`${atKill.state}${published ? ' (MP4 published)' : ''}`);

      const run = runCli(home.dir, ['recover', '--json'], { env: cliEnv });
      expect([0, 2], `recover after kill ${i}: ${run.stdout}\n${run.stderr}`).toContain(run.code);
      const report = asRecoveryReport(run.json);
      expect(report.errors).toEqual([]);
      if (atKill.state !== 'ready') expect(report.recovered.find((r) => r.recording.id === atKill.id)?.recording.state, `kill ${i} recovered`).toBe('ready');
      await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    }
    process.stderr.write(`instant-publish-kill: killed while ${moments.join(', ')}\n`);
    // The kills reached the moment that matters: the instant MP4 already published, the manifest not yet;
    // and recovery kept that MP4 instead of making other bytes from the journal.
    expect(moments.filter((m) => m === 'finalizing (MP4 published)').length, moments.join(', ')).toBeGreaterThanOrEqual(2);
    const log = fs.readFileSync(path.join(home.dir, 'logs', 'fieldtape.log'), 'utf8');
    expect(log.split('\n').filter((l) => l.includes('instant MP4 kept after a restart')).length).toBeGreaterThanOrEqual(2);

    const deliver = runCli(home.dir, ['deliver', '--all', '--json'], { env: cliEnv, timeoutMs: 300_000 });
    expect(deliver.code, deliver.stderr).toBe(0);
    const list = JSON.parse(runCli(home.dir, ['list', '--json']).stdout) as Array<{ id: string; state: string }>;
    expect(list.map((r) => r.state)).toEqual(list.map(() => 'ready'));
    const admin = adminClient(s3.endpoint, s3.region, env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
    try {
      for (const r of list) {
        const shown = JSON.parse(runCli(home.dir, ['show', r.id, '--json']).stdout) as { artifacts: Array<{ kind: string; path: string; sha256: string; delivery: { state: string; key: string | null } }> };
        for (const kind of ['mp4', 'snapshot', 'filmstrip', 'manifest']) expect(shown.artifacts.find((a) => a.kind === kind)?.delivery.state, `${r.id} ${kind}`).toBe('delivered');
        const artifactsDir = path.join(home.dir, 'recordings', r.id, 'artifacts');
        expect(fs.readdirSync(artifactsDir).filter((f) => f.endsWith('.part')), `${r.id}: no parts left`).toEqual([]);
        for (const a of shown.artifacts.filter((x) => x.delivery.state === 'delivered')) {
          const body = await readObject(admin, s3.bucket, a.delivery.key!);
          const local = a.kind === 'manifest' ? path.join(home.dir, 'recordings', r.id, 'delivery', 'manifest.json') : a.path;
          expect(sha256(body), `${r.id} ${a.kind} in MinIO is the local file`).toBe(sha256File(local));
          if (a.kind !== 'manifest') expect(sha256File(a.path), `${r.id} ${a.kind} matches its recorded hash`).toBe(a.sha256);
        }
        const mp4 = shown.artifacts.find((a) => a.kind === 'mp4')!;
        expect(ffprobe(mp4.path).durationSec, `${r.id} plays`).toBeGreaterThan(RECORD_SEC - 1.5);
      }
    } finally {
      admin.destroy();
    }
  });
});
