// The IT-managed policy end to end: valid, partial, invalid and conflicting policies through the engine's
// contract, the `fieldtape` CLI (FIELDTAPE_POLICY_FILE stands in for /etc/fieldtape/policy.json), and the
// Settings screen in Chromium, where locked fields show as Managed and cannot be edited.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_DEFAULTS } from '../../shared/domain/settings';
import { PolicyStatusSchema } from '../../shared/domain/policy-status';
import { SettingsViewSchema } from '../../shared/domain/settings-view';
import { loadPolicy } from '../../main/core/config/policy';
import { createEngine, type Engine } from '../../main/engine';
import { launchChromium } from '../support/chromium';
import { asError, asRecordings, runCli } from '../support/cli';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess } from '../support/web-shell-process';

const homes: Array<{ cleanup(): void }> = [];
const engines: Engine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.close();
  homes.forEach((h) => h.cleanup());
});
function home(): string {
  const h = makeTempHome('fieldtape-policy-');
  homes.push(h);
  return h.dir;
}
function writePolicy(dir: string, document: unknown): string {
  const file = path.join(dir, 'policy.json');
  fs.writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  return file;
}
/** An engine under the policy file only (the machine's own locations are not consulted). */
function engineWith(document: unknown): Engine {
  const dir = home();
  const policy = loadPolicy({ sources: [], env: { FIELDTAPE_POLICY_FILE: writePolicy(dir, document) } });
  const engine = createEngine({ dataDir: path.join(dir, 'data'), host: 'cli', policy });
  engines.push(engine);
  return engine;
}
const ctx = () => ({ host: 'cli' as const, signal: new AbortController().signal });

describe('policy through the engine contract', () => {
  it('applies a partial policy: only what it names is locked, and locked values win over the user\'s', async () => {
    const engine = engineWith({ settings: { encodePreset: 'veryfast' }, retention: { failedDays: 7 }, requireConsent: true });
    const before = await engine.dispatch('settings.get', {}, ctx());
    expect(before.ok).toBe(true);
    const view = SettingsViewSchema.parse(before.ok && before.value);
    expect(view.managed).toEqual(['encodePreset', 'failedRetentionDays']);
    expect(view.values).toEqual({ ...SETTINGS_DEFAULTS, encodePreset: 'veryfast', failedRetentionDays: 7 });

    const refused = await engine.dispatch('settings.set', { key: 'encodePreset', value: 'slow' }, ctx());
    expect(refused).toEqual({ ok: false, error: { code: 'MANAGED_BY_POLICY', message: expect.stringMatching(/"encodePreset" is managed by your organisation's policy/) } });
    const allowed = await engine.dispatch('settings.set', { key: 'encodeCrf', value: 18 }, ctx());
    expect(allowed.ok && SettingsViewSchema.parse(allowed.value)).toEqual({
      values: { ...SETTINGS_DEFAULTS, encodePreset: 'veryfast', failedRetentionDays: 7, encodeCrf: 18 },
      managed: ['encodePreset', 'failedRetentionDays'],
    });

    const status = await engine.dispatch('policy.status', {}, ctx());
    expect(status.ok && PolicyStatusSchema.parse(status.value)).toMatchObject({
      status: 'valid',
      source: { kind: 'override-file' },
      errors: [],
      managed: ['encodePreset', 'failedRetentionDays'],
      locked: ['retention.failedDays', 'requireConsent', 'settings.encodePreset'],
    });
  });

  it.each([
    ['a wrong type', { settings: { encodePreset: 'veryfast' }, requireConsent: 'yes' }, /^requireConsent: /],
    ['an unknown key', { settings: { encodePreset: 'veryfast' }, updateChannel: 'beta' }, /unknown key "updateChannel"/],
    ['a secret', { settings: { encodePreset: 'veryfast' }, profiles: [{ name: 'main', bucket: 'acme', region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'x' }] }, /must not contain secrets/],
    ['a conflict (retention vs settings)', { settings: { encodePreset: 'veryfast', failedRetentionDays: 28 }, retention: { failedDays: 7 } }, /is 7 but settings\.failedRetentionDays is 28/],
    ['broken JSON', '{"settings": {"encodePreset": "veryfast"},', /is not valid JSON/],
  ])('applies nothing of a policy with %s, and says why', async (_label, document, why) => {
    const engine = engineWith(document);
    const view = await engine.dispatch('settings.get', {}, ctx());
    expect(view.ok && SettingsViewSchema.parse(view.value)).toEqual({ values: SETTINGS_DEFAULTS, managed: [] });
    const set = await engine.dispatch('settings.set', { key: 'encodePreset', value: 'slow' }, ctx());
    expect(set.ok).toBe(true);
    const status = await engine.dispatch('policy.status', {}, ctx());
    const parsed = PolicyStatusSchema.parse(status.ok && status.value);
    expect(parsed.status).toBe('invalid');
    expect(parsed.errors.join('\n')).toMatch(why);
    expect(parsed.locked).toEqual([]);
    const log = fs.readFileSync(path.join(engine.dataDir, 'logs', 'fieldtape.log'), 'utf8');
    expect(log).toMatch(/"level":"error","message":"policy invalid: not applied"/);
    // The engine's start tells every host's windows (not only the desktop app's), once, and keeps it for
    // a window that connects later.
    expect(await engine.dispatch('app.notices', {}, ctx())).toEqual({ ok: true, value: [] });
    await engine.start();
    await engine.start();
    const notices = await engine.dispatch('app.notices', {}, ctx());
    const policyNotices = (notices.ok ? (notices.value as Array<{ level: string; message: string }>) : []).filter((n) => /policy/.test(n.message));
    expect(policyNotices).toEqual([{ level: 'error', message: expect.stringMatching(/is invalid, so none of it is applied/) }]);
  });
});

describe('policy through the CLI', () => {
  it('shows locked values in `settings get` and refuses `settings set` on them', () => {
    const dir = home();
    const env = { FIELDTAPE_POLICY_FILE: writePolicy(dir, { settings: { encodeCrf: 23 } }) };
    expect(runCli(dir, ['settings', 'set', 'encodeCrf', '30'], { env: {} }).code).toBe(0); // the user's choice, before IT
    const get = runCli(dir, ['settings', 'get', '--json'], { env });
    expect(get.json).toMatchObject({ encodeCrf: 23 });
    const set = runCli(dir, ['settings', 'set', 'encodeCrf', '18'], { env });
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/"encodeCrf" is managed by your organisation's policy/);
    expect(runCli(dir, ['settings', 'get', 'encodeCrf'], { env: {} }).stdout.trim()).toBe('30'); // without the policy: the user's value
  });

  it('`fieldtape doctor` reports an invalid policy clearly and fails', () => {
    const dir = home();
    const env = { FIELDTAPE_POLICY_FILE: writePolicy(dir, { allowedCaptureSources: ['webcam'], updates: { enabled: 'no' } }) };
    const human = runCli(dir, ['doctor'], { env });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/policy: {3}INVALID, not applied: the policy file .*policy\.json \(FIELDTAPE_POLICY_FILE\)/);
    expect(human.stdout).toMatch(/error: {4}allowedCaptureSources\[0\]: /);
    expect(human.stdout).toMatch(/error: {4}updates\.enabled: /);
    expect(human.stdout).toMatch(/NOT OK: the IT policy is invalid and not applied/);
    const json = runCli(dir, ['doctor', '--json'], { env });
    expect(json.json).toMatchObject({ ok: false, policy: { status: 'invalid', errors: [expect.any(String), expect.any(String)] } });
  });

  it('refuses to record from a capture source the policy does not allow', () => {
    const dir = home();
    const env = { FIELDTAPE_POLICY_FILE: writePolicy(dir, { allowedCaptureSources: ['intake', 'file'] }) };
    const r = runCli(dir, ['record', '--source', 'testsrc', '--duration', '1', '--json'], { env });
    expect(r.code).toBe(1);
    expect(asError(r.json)).toEqual({ code: 'MANAGED_BY_POLICY', message: expect.stringMatching(/does not allow recording from "testsrc" \(allowed: intake, file\)/) });
    expect(asRecordings(runCli(dir, ['list', '--json'], { env }).json)).toEqual([]);
  });
});

describe('policy in the Settings screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('marks locked settings as Managed and disables them; the others stay editable', async () => {
    const dir = home();
    const shell = await startWebShellProcess(dir, { FIELDTAPE_POLICY_FILE: writePolicy(dir, { settings: { encodePreset: 'veryfast' }, retention: { failedDays: 7 } }) });
    const page = await browser.newPage();
    try {
      await page.goto(shell.url);
      await page.getByRole('button', { name: 'Settings' }).click();
      const preset = page.getByLabel(/Encode preset/);
      await expect.poll(() => preset.inputValue()).toBe('veryfast');
      expect(await preset.isDisabled()).toBe(true);
      expect(await page.getByLabel(/Keep failed deliveries/).isDisabled()).toBe(true);
      expect(await page.locator('label', { hasText: 'Encode preset' }).getByText('Managed').count()).toBe(1);
      expect(await page.getByLabel('Display name').isDisabled()).toBe(false);
      expect(await page.locator('.chip', { hasText: 'Managed' }).count()).toBe(2);
    } finally {
      await page.close();
      await shell.stop();
    }
  });
});
