// The Deliveries page in Chromium through the web shell, against real MinIO (write-only user) and a real
// unreachable endpoint: a recording bound to the good profile shows "Delivered"; one bound to a profile
// whose endpoint refuses connections shows "Waiting until <time> after: <error>" with its attempts, and
// Retry now / Cancel act on the engine's schedule (the page shows the engine's snapshots, never its own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { asRecording, runCli } from '../support/cli';
import { freeTcpPort } from '../services/ports';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess } from '../support/web-shell-process';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project`);
  return value;
};

const home = makeTempHome('fieldtape-deliveries-ui-');
const secretEnv = () => ({ FT_SECRET: env('FIELDTAPE_TEST_S3_WRITER_SECRET') });
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  home.cleanup();
});

function record(profile: string): string {
  const r = runCli(home.dir, ['record', '--source', 'testsrc', '--duration', '2', '--profile', profile, '--no-deliver', '--json'], { env: secretEnv(), timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return asRecording(JSON.parse(r.stdout)).id;
}

describe('the Deliveries page', () => {
  it('shows delivered and waiting deliveries, and retries and cancels through the engine', async () => {
    const s3 = ['--region', env('FIELDTAPE_TEST_S3_REGION'), '--bucket', env('FIELDTAPE_TEST_S3_BUCKET'), '--access-key-id', env('FIELDTAPE_TEST_S3_WRITER_KEY'), '--secret-env', 'FT_SECRET'];
    // A port that was free a moment ago: nothing listens there, so every connection is refused.
    const closedPort = await freeTcpPort();
    expect(runCli(home.dir, ['profile', 'add', 'acme', '--endpoint', env('FIELDTAPE_TEST_S3_ENDPOINT'), ...s3], { env: secretEnv() }).code).toBe(0);
    expect(runCli(home.dir, ['profile', 'add', 'offline', '--endpoint', `http://127.0.0.1:${closedPort}`, ...s3], { env: secretEnv() }).code).toBe(0);
    const good = record('acme');
    const stuck = record('offline');

    // Two attempts an hour apart: the second one only happens when someone presses Retry now.
    const shell = await startWebShellProcess(home.dir, { ...secretEnv(), FIELDTAPE_DELIVERY_SCHEDULE: '3600' });
    const page = await browser.newPage();
    try {
      await page.goto(shell.url);
      await page.getByRole('button', { name: 'Deliveries' }).click();
      await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
      const row = (id: string): Locator => page.getByRole('row').filter({ hasText: id });

      await row(good).getByText(/^Delivered /).waitFor({ timeout: 60_000 });
      await expect.poll(() => row(good).getByRole('button').count()).toBe(0);

      await row(stuck).getByText(/^Waiting until .+ after: .+/).waitFor({ timeout: 60_000 });
      await row(stuck).getByText('1 / 2').waitFor();
      await row(stuck).getByRole('button', { name: 'Retry now' }).click();
      await row(stuck).getByText('2 / 2').waitFor({ timeout: 60_000 });
      // The schedule is used up after the second attempt: it fails permanently, and can still be retried.
      await row(stuck).getByText(/^Failed permanently: .+/).waitFor({ timeout: 60_000 });
      await row(stuck).getByRole('button', { name: 'Retry now' }).waitFor();
      expect(await row(stuck).getByRole('button', { name: 'Cancel' }).count()).toBe(0);

      // Retry now revives it; Cancel ends it while it waits.
      await row(stuck).getByRole('button', { name: 'Retry now' }).click();
      await row(stuck).getByText(/^Waiting until .+ after: .+/).waitFor({ timeout: 60_000 });
      await row(stuck).getByRole('button', { name: 'Cancel' }).click();
      await row(stuck).getByText('Cancelled').waitFor();
      await row(stuck).getByRole('button', { name: 'Retry now' }).waitFor();

      // What the page showed is what the engine holds: one attempt since the retry, none delivered.
      const shown = runCli(home.dir, ['show', stuck, '--json'], { env: secretEnv() });
      const artifacts = (JSON.parse(shown.stdout) as { artifacts: Array<{ kind: string; delivery: { state: string; attempts: number; lastError: unknown } }> }).artifacts;
      const mp4 = artifacts.find((a) => a.kind === 'mp4')!;
      expect(mp4.delivery).toMatchObject({ state: 'pending', attempts: 1 });
      expect(mp4.delivery.lastError).not.toBeNull();
    } finally {
      await page.close();
      await shell.stop();
    }
  });
});
