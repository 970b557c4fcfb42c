// The Destinations page in Chromium through the web shell, against real MinIO with the write-only user and
// the real keychain: a recording made with no destination says "Not delivered: add a destination"; a
// destination created in the page (the secret typed into "Secret access key") passes Test connection; a
// wrong secret, a wrong bucket and an unreachable endpoint each give their own cause and message; and a
// recording made afterwards is delivered, byte for byte, where its library row's s3:// location says.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asRecording } from '../support/cli';
import { runCliAsync } from '../support/cli-async';
import { launchChromium } from '../support/chromium';
import { adminClient, readObject, sha256 } from '../support/delivery-fixture';
import { addDestination, fillDestination, openDestinations, testConnection } from '../support/destinations-ui';
import { freeTcpPort } from '../services/ports';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess } from '../support/web-shell-process';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};

const home = makeTempHome('fieldtape-destinations-ui-');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  home.cleanup();
});

async function record(title: string) {
  const run = await runCliAsync(home.dir, ['record', '--source', 'testsrc', '--duration', '3', '--title', title, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return asRecording(run.json);
}

async function libraryRow(page: Page, title: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library', exact: true }).click();
  const row = page.getByRole('listitem').filter({ hasText: title });
  await row.waitFor({ timeout: 30_000 });
  return row;
}

describe('the Destinations page', () => {
  it('creates a destination, tells the causes of failure apart, and the next recording shows where it went', async () => {
    const offline = await record('Before any destination');
    expect(offline.profileId).toBeNull();

    const shell = await startWebShellProcess(home.dir);
    const page = await browser.newPage();
    try {
      await page.goto(shell.url);
      const undelivered = await libraryRow(page, 'Before any destination');
      await undelivered.getByText('Not delivered: add a destination').waitFor();

      const secret = env('FIELDTAPE_TEST_S3_WRITER_SECRET');
      const bucket = env('FIELDTAPE_TEST_S3_BUCKET');
      const endpoint = env('FIELDTAPE_TEST_S3_ENDPOINT');
      await addDestination(page, {
        name: 'acme',
        endpoint,
        region: env('FIELDTAPE_TEST_S3_REGION'),
        bucket,
        accessKeyId: env('FIELDTAPE_TEST_S3_WRITER_KEY'),
        secret,
        keyTemplate: 'ui-{profile}/{yyyy}/{mm}/{dd}/{recordingId}/{artifact}',
      });
      const form = page.getByRole('form');
      // Saved: the secret is gone from the page, and an existing destination offers Replace secret instead.
      await form.getByRole('button', { name: 'Replace secret' }).waitFor();
      expect(await page.content()).not.toContain(secret);
      await expect.poll(() => form.getByText(/^Example key:/).innerText()).toMatch(/^Example key: ui-acme\/\d{4}\/\d{2}\/\d{2}\/rec_example0001\/recording\.mp4$/);

      const ok = await testConnection(page);
      expect(ok.cause, ok.text).toBe('ok');
      await form.getByRole('status').filter({ hasText: 'Connection works' }).waitFor();

      // A wrong secret, typed the same way (it replaces the stored one).
      await fillDestination(page, { secret: `${secret.slice(0, -4)}XXXX` });
      const wrongSecret = await testConnection(page);
      expect(wrongSecret.cause, wrongSecret.text).toBe('wrong-secret');
      await form.getByRole('alert').filter({ hasText: 'Wrong secret access key' }).waitFor();
      await fillDestination(page, { secret });
      expect((await testConnection(page)).cause).toBe('ok');

      // A bucket that does not exist: write-only credentials cannot tell it from a refusal.
      await fillDestination(page, { bucket: 'no-such-bucket-fieldtape' });
      const wrongBucket = await testConnection(page);
      expect(['access-denied', 'no-such-bucket'], wrongBucket.text).toContain(wrongBucket.cause);
      await form.getByRole('alert').filter({ hasText: /No such bucket/ }).waitFor();
      await fillDestination(page, { bucket });

      // An endpoint where nothing listens.
      const closed = await freeTcpPort();
      await fillDestination(page, { endpoint: `http://127.0.0.1:${closed}` });
      const unreachable = await testConnection(page);
      expect(unreachable.cause, unreachable.text).toBe('connection-refused');
      await form.getByRole('alert').filter({ hasText: 'Endpoint unreachable' }).waitFor();
      expect(unreachable.text).toContain(`127.0.0.1:${closed}`);

      // Each failure has its own headline and its own advice.
      const headlines = [wrongSecret, wrongBucket, unreachable].map((r) => r.text.split('\n')[0]);
      expect(new Set(headlines).size, headlines.join(' | ')).toBe(3);
      for (const text of [ok.text, wrongSecret.text, wrongBucket.text, unreachable.text]) expect(text).not.toContain(secret);

      await fillDestination(page, { endpoint });
      expect((await testConnection(page)).cause).toBe('ok');
      await openDestinations(page);
      await page.getByRole('list', { name: 'Destinations' }).getByText('Active: new recordings go here').waitFor();

      // A recording made now (on the same FIELDTAPE_HOME) is delivered to that destination.
      const delivered = await record('After the destination');
      expect(delivered.profileId).not.toBeNull();
      const row = await libraryRow(page, 'After the destination');
      const uri = row.getByText(/^s3:\/\//);
      await expect.poll(() => uri.innerText(), { timeout: 60_000 }).toMatch(new RegExp(`^s3://${bucket}/ui-acme/\\d{4}/\\d{2}/\\d{2}/${delivered.id}/recording\\.mp4$`));
      await row.getByText('Delivered', { exact: true }).waitFor({ timeout: 60_000 });
      const key = (await uri.innerText()).slice(`s3://${bucket}/`.length);
      expect(await uri.getAttribute('title')).toBe(`${endpoint}/${bucket}/${key}`);
      const mp4 = delivered.artifacts.find((a) => a.kind === 'mp4')!;
      const admin = adminClient(endpoint, env('FIELDTAPE_TEST_S3_REGION'), env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
      try {
        expect(sha256(await readObject(admin, bucket, key))).toBe(sha256(fs.readFileSync(mp4.path)));
      } finally {
        admin.destroy();
      }
      // And the one from before still says how to fix it.
      await page.getByRole('listitem').filter({ hasText: 'Before any destination' }).getByText('Not delivered: add a destination').waitFor();
    } finally {
      await page.close();
      await shell.stop();
    }
  });
});
