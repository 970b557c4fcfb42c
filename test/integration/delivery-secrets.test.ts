// The S3 secret never leaves the keychain except into the signing of requests: after profiles are added
// with --secret-stdin, tested, used to record and deliver (and to fail delivering), the secret appears
// nowhere in the library database (with its WAL), the logs, any CLI output, or the IPC traffic.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine } from '../../main/engine';
import { startWebShell } from '../../main/web/server';
import { encodeFrame } from '../../shared/wire';
import { freeTcpPort } from '../services/ports';
import { waitFor } from '../support/cli';
import { runCliAsync } from '../support/cli-async';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};

const home = makeTempHome('fieldtape-secrets-');
afterAll(() => home.cleanup());

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('secrets', () => {
  it('never appear in the database, the logs, CLI output or IPC traffic', async () => {
    const secret = env('FIELDTAPE_TEST_S3_WRITER_SECRET');
    const outputs: string[] = [];
    const cli = async (args: string[], stdin?: string) => {
      const run = await runCliAsync(home.dir, args, { FIELDTAPE_LOG_STDERR: '1' }, stdin);
      outputs.push(run.stdout, run.stderr);
      return run;
    };
    const common = ['--region', env('FIELDTAPE_TEST_S3_REGION'), '--bucket', env('FIELDTAPE_TEST_S3_BUCKET'), '--access-key-id', env('FIELDTAPE_TEST_S3_WRITER_KEY'), '--secret-stdin'];
    expect((await cli(['profile', 'add', 'vault', '--endpoint', env('FIELDTAPE_TEST_S3_ENDPOINT'), ...common, '--json'], `${secret}\n`)).code).toBe(0);
    const refused = await freeTcpPort();
    expect((await cli(['profile', 'add', 'broken', '--endpoint', `http://127.0.0.1:${refused}`, ...common, '--json'], secret)).code).toBe(0);
    await cli(['profile', 'list', '--json']);
    expect((await cli(['profile', 'test', 'vault', '--json'])).json).toMatchObject({ ok: true });
    expect((await cli(['profile', 'test', 'broken', '--json'])).json).toMatchObject({ ok: false, cause: 'connection-refused' });
    const good = (await cli(['record', '--source', 'testsrc', '--duration', '2', '--profile', 'vault', '--json'])).json as { id: string };
    const bad = (await cli(['record', '--source', 'testsrc', '--duration', '2', '--profile', 'broken', '--json'])).json as { id: string };
    await cli(['show', good.id, '--json']);
    await cli(['show', bad.id, '--json']);
    expect((await cli(['deliver', '--all', '--json'])).code).toBe(1);

    // The same library through the web shell's IPC: every frame both ways is kept.
    const engine = createEngine({ dataDir: home.dir, host: 'web', echoLog: false });
    const shell = await startWebShell({ engine, port: 0, rendererDir: path.join(REPO_ROOT, 'dist', 'renderer') });
    const frames: string[] = [];
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api?token=${shell.token}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.on('message', (data) => frames.push(String(data)));
      let id = 1;
      const send = (channel: string, payload: unknown) => {
        const frame = encodeFrame({ t: 'req', id: id++, channel, payload });
        frames.push(frame);
        ws.send(frame);
      };
      send('profile.list', {});
      send('delivery.list', {});
      send('delivery.get', { recordingId: good.id });
      send('profile.test', { name: 'vault' });
      send('delivery.retry', { recordingId: bad.id });
      await waitFor(() => frames.some((f) => f.includes('"delivery.updated"') && f.includes(bad.id) && f.includes('"waiting"')), 60_000, 'the retried delivery to fail again');
      await waitFor(() => frames.some((f) => f.includes('"ok":true') && f.includes('"cause":"ok"')), 30_000, 'the profile test reply');
      ws.close();
    } finally {
      await shell.close();
      await engine.close();
    }

    expect(frames.length).toBeGreaterThan(5);
    const haystacks: Array<[string, string]> = [
      ...outputs.map((o, i): [string, string] => [`cli output ${i}`, o]),
      ...frames.map((f, i): [string, string] => [`ipc frame ${i}`, f]),
      ...['fieldtape.db', 'fieldtape.db-wal', 'fieldtape.db-shm']
        .map((f) => path.join(home.dir, f))
        .filter((f) => fs.existsSync(f))
        .map((f): [string, string] => [f, fs.readFileSync(f).toString('latin1')]),
      ...filesUnder(path.join(home.dir, 'logs')).map((f): [string, string] => [f, fs.readFileSync(f, 'latin1')]),
    ];
    expect(haystacks.some(([, text]) => text.includes(env('FIELDTAPE_TEST_S3_WRITER_KEY'))), 'the search does find the access key id (a non-secret)').toBe(true);
    for (const [where, text] of haystacks) expect(text.includes(secret), `the secret appears in ${where}`).toBe(false);
  });
});
