// The S3 secret never leaves the keychain except into the signing of requests: after profiles are added
// with --secret-stdin, tested, used to record and deliver (and to fail delivering), the secret appears
// nowhere in the library database (with its WAL), the logs, any CLI output, or the IPC traffic. The same
// holds for secrets typed into the Destinations page in Chromium and sent through profile.setSecret: the
// only frame that carries one is that request itself; no reply, no event, no log line, no database page
// and no diagnostics bundle (made by a separate `fieldtape doctor --bundle`, which never read the secret,
// so it cannot have redacted it) holds it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { untarGz } from '../../main/core/diagnostics/tar';
import WebSocket from 'ws';
import { createEngine } from '../../main/engine';
import { startWebShell } from '../../main/web/server';
import { encodeFrame } from '../../shared/wire';
import { freeTcpPort } from '../services/ports';
import { launchChromium } from '../support/chromium';
import { runCli, waitFor } from '../support/cli';
import { addDestination, testConnection } from '../support/destinations-ui';
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
  it('never appear in the database, the logs, CLI output or IPC traffic, nor when typed into the Destinations page, nor in the diagnostics bundle', async () => {
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
    const browserSent: string[] = [];
    const browserReceived: string[] = [];
    // Shaped like real secrets, unique to this run: any hit is a leak.
    const contractSecret = `ctr${randomBytes(18).toString('base64url')}`;
    const typedSecret = `ui${randomBytes(18).toString('base64url')}`;
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

      // Through the contract as the Destinations page uses it: save, setSecret (the one frame that carries
      // the secret, on its way in), test (refused: the signature cannot match), and the secret-free list.
      const settings = {
        name: 'contract',
        endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'),
        region: env('FIELDTAPE_TEST_S3_REGION'),
        bucket: env('FIELDTAPE_TEST_S3_BUCKET'),
        prefixTemplate: '{profile}/{recordingId}/{artifact}',
        accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY'),
        secretSource: { kind: 'keychain' },
        forcePathStyle: true,
        artifacts: { raw: false, snapshot: true, filmstrip: true, annotations: true, manifest: true },
        storageClass: null,
        storageClasses: { mp4: null, previews: null, raw: null },
        encryption: { mode: 'none' },
        tags: false,
        deliveryMode: 'instant',
      };
      send('profile.save', { settings, isNew: true });
      await waitFor(() => frames.some((f) => f.includes('"t":"res"') && f.includes('"name":"contract"')), 30_000, 'the saved profile');
      send('profile.setSecret', { name: 'contract', secret: contractSecret });
      await waitFor(() => frames.some((f) => f.includes('"stored":true')), 30_000, 'the stored secret');
      send('profile.test', { name: 'contract' });
      await waitFor(() => frames.some((f) => f.includes('"cause":"wrong-secret"')), 30_000, 'the refused profile test');
      send('profile.list', {});
      ws.close();

      // Typed into the Destinations page in Chromium: every WebSocket frame both ways is kept.
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        page.on('websocket', (socket) => {
          socket.on('framesent', (f) => browserSent.push(String(f.payload)));
          socket.on('framereceived', (f) => browserReceived.push(String(f.payload)));
        });
        await page.goto(shell.url);
        const destination = { endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'), region: env('FIELDTAPE_TEST_S3_REGION'), bucket: env('FIELDTAPE_TEST_S3_BUCKET'), accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY') };
        await addDestination(page, { ...destination, name: 'typed', secret: typedSecret });
        expect((await testConnection(page)).cause).toBe('wrong-secret');
        await page.getByRole('button', { name: 'Close' }).click();
        // And the real secret typed into the page, which then records and delivers (from the keychain).
        await addDestination(page, { ...destination, name: 'typedgood', secret });
        expect((await testConnection(page)).cause).toBe('ok');
        expect(await page.content()).not.toContain(secret);
        expect(await page.content()).not.toContain(typedSecret);
        await page.close();
      } finally {
        await browser.close();
      }
    } finally {
      await shell.close();
      await engine.close();
    }
    const viaUi = (await cli(['record', '--source', 'testsrc', '--duration', '2', '--profile', 'typedgood', '--json'])).json as { id: string };
    expect((await cli(['show', viaUi.id, '--json'])).json).toMatchObject({ artifacts: expect.arrayContaining([expect.objectContaining({ kind: 'mp4', delivery: expect.objectContaining({ state: 'delivered' }) })]) });
    await cli(['profile', 'test', 'typed', '--json']);

    // The diagnostics bundle support would receive, from a process that never read any of the secrets.
    const bundleFile = path.join(home.dir, 'support.tar.gz');
    const doctor = runCli(home.dir, ['doctor', '--bundle', bundleFile, '--json']);
    expect(doctor.code, doctor.stderr).toBe(0);
    const bundled = untarGz(fs.readFileSync(bundleFile));
    expect(bundled.some((f) => f.name.endsWith('.log')), 'the bundle holds the logs').toBe(true);

    expect(frames.length).toBeGreaterThan(5);
    // The capture works: the setSecret requests are the only frames that carry a secret, and they do.
    const isSetSecret = (f: string) => f.includes('"t":"req"') && f.includes('"channel":"profile.setSecret"');
    expect(frames.filter((f) => f.includes(contractSecret)).every(isSetSecret)).toBe(true);
    expect(frames.some((f) => isSetSecret(f) && f.includes(contractSecret))).toBe(true);
    expect(browserSent.some((f) => isSetSecret(f) && f.includes(typedSecret))).toBe(true);
    expect(browserSent.some((f) => isSetSecret(f) && f.includes(secret))).toBe(true);
    expect(browserReceived.length).toBeGreaterThan(5);
    const haystacks: Array<[string, string]> = [
      ...outputs.map((o, i): [string, string] => [`cli output ${i}`, o]),
      ...frames.filter((f) => !isSetSecret(f)).map((f, i): [string, string] => [`ipc frame ${i}`, f]),
      ...browserSent.filter((f) => !isSetSecret(f)).map((f, i): [string, string] => [`browser frame sent ${i}`, f]),
      ...browserReceived.map((f, i): [string, string] => [`browser frame received ${i}`, f]),
      ...bundled.map((f): [string, string] => [`diagnostics bundle ${f.name}`, f.data.toString('latin1')]),
      ['diagnostics bundle (compressed)', fs.readFileSync(bundleFile).toString('latin1')],
      ['doctor output', doctor.stdout + doctor.stderr],
      ...['fieldtape.db', 'fieldtape.db-wal', 'fieldtape.db-shm']
        .map((f) => path.join(home.dir, f))
        .filter((f) => fs.existsSync(f))
        .map((f): [string, string] => [f, fs.readFileSync(f).toString('latin1')]),
      ...filesUnder(path.join(home.dir, 'logs')).map((f): [string, string] => [f, fs.readFileSync(f, 'latin1')]),
    ];
    expect(haystacks.some(([, text]) => text.includes(env('FIELDTAPE_TEST_S3_WRITER_KEY'))), 'the search does find the access key id (a non-secret)').toBe(true);
    for (const [where, text] of haystacks) {
      expect(text.includes(secret), `the secret appears in ${where}`).toBe(false);
      expect(text.includes(contractSecret), `the secret sent through profile.setSecret appears in ${where}`).toBe(false);
      expect(text.includes(typedSecret), `the secret typed into the Destinations page appears in ${where}`).toBe(false);
    }
  }, 300_000);
});
