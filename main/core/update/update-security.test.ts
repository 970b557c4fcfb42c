// The updater's security rules (issue 17): https feeds only, a publisher pinned by the build, no
// downgrades, and nothing installs a downloaded update before its signature has been verified.
import { describe, expect, it } from 'vitest';
import type { PolicyState } from '../config/policy';
import { loadPolicy } from '../config/policy';
import { DEFAULT_CHECK_EVERY_MS, resolveUpdateConfig, type UpdateConfig } from './update-config';
import { compareVersions, parseFlatYaml, readBundledFeed } from './update-feed';
import { FIRST_CHECK_DELAY_MS, IDLE, IDLE_GRACE_MS, initialUpdateState, transition, type UpdateEvent, type UpdateState } from './update-machine';

const NONE: PolicyState = { status: 'none', checked: [], warnings: [] };
const YML = (url: string, publisher = '  - CN=Acme Field Tools Ltd\n') => `provider: generic\nurl: ${url}\nupdaterCacheDirName: fieldtape-updater\npublisherName:\n${publisher}`;
const BUNDLED = readBundledFeed(YML('https://updates.acme.example/fieldtape'));
const ON = resolveUpdateConfig({ policy: NONE, install: 'nsis', bundled: BUNDLED, currentVersion: '1.4.0' });
const T0 = 5_000_000;

function run(state: UpdateState, events: UpdateEvent[], config: UpdateConfig = ON) {
  const effects: string[] = [];
  for (const event of events) {
    const result = transition(state, event, config);
    if (!result.ok) throw new Error(result.reason);
    state = result.state;
    effects.push(...result.effects.filter((e) => e.type !== 'log').map((e) => e.type));
  }
  return { state, effects };
}

describe('update feeds: https only, a pinned publisher', () => {
  it('refuses an http feed in the policy (the whole policy is invalid, so updates pause)', () => {
    const file = '/p.json';
    const invalid = loadPolicy({
      sources: [{ kind: 'file', location: file }],
      env: {},
      deps: { readFile: (f) => (f === file ? JSON.stringify({ updates: { feed: { provider: 'generic', url: 'http://updates.acme.example/fieldtape' } } }) : null), run: () => ({ status: 1, stdout: '', stderr: '' }) },
    });
    expect(invalid.status === 'invalid' && invalid.errors).toEqual(['updates.feed.url: must be an https URL (update feeds are never fetched over plain http)']);
    expect(resolveUpdateConfig({ policy: invalid, install: 'nsis', bundled: BUNDLED, currentVersion: '1.4.0' })).toMatchObject({ enabled: false, reason: 'policy-invalid' });
  });

  it('refuses an http feed built into the package (app-update.yml), with a message saying so', () => {
    const bundled = readBundledFeed(YML('http://updates.acme.example/fieldtape'));
    expect(bundled).toEqual({ ok: false, problem: 'the update feed built into this copy (app-update.yml) is http://, not https: updates are fetched only over https' });
    expect(resolveUpdateConfig({ policy: NONE, install: 'nsis', bundled, currentVersion: '1.4.0' })).toEqual({
      enabled: false,
      reason: 'insecure-feed',
      message: 'Automatic updates are off: the update feed built into this copy (app-update.yml) is http://, not https: updates are fetched only over https.',
    });
    expect(readBundledFeed('provider: s3\nbucket: acme-updates\nendpoint: http://minio.acme.example\n')).toMatchObject({ ok: false, problem: expect.stringMatching(/is http:\/\/, not https/) });
    expect(readBundledFeed('provider: github\nowner: x\n')).toMatchObject({ ok: false });
  });

  it('treats the build\'s placeholder feed (*.invalid) as no feed until the policy names one', () => {
    const placeholder = readBundledFeed(YML('https://updates.fieldtape.invalid/fieldtape'));
    expect(placeholder).toEqual({ ok: true, value: { feed: 'placeholder', publisherNames: ['CN=Acme Field Tools Ltd'] } });
    expect(resolveUpdateConfig({ policy: NONE, install: 'nsis', bundled: placeholder, currentVersion: '1.4.0' })).toMatchObject({ enabled: false, reason: 'no-feed' });
    const withFeed: PolicyState = { status: 'valid', source: { kind: 'registry', location: 'HKLM' }, warnings: [], policy: { updates: { feed: { provider: 'generic', url: 'https://updates.acme.example/ft' } } } };
    expect(resolveUpdateConfig({ policy: withFeed, install: 'nsis', bundled: placeholder, currentVersion: '1.4.0' })).toMatchObject({
      enabled: true,
      feed: { provider: 'generic', url: 'https://updates.acme.example/ft' },
      publisherNames: ['CN=Acme Field Tools Ltd'],
    });
  });

  it('does not self-update when nothing can verify the publisher: Windows without a pinned publisherName, AppImages', () => {
    const noPublisher = readBundledFeed(YML('https://updates.acme.example/fieldtape', ''));
    expect(resolveUpdateConfig({ policy: NONE, install: 'nsis', bundled: noPublisher, currentVersion: '1.4.0' })).toMatchObject({ enabled: false, reason: 'unverifiable', message: expect.stringMatching(/pins no code-signing publisher/) });
    expect(resolveUpdateConfig({ policy: NONE, install: 'appimage', bundled: BUNDLED, currentVersion: '1.4.0' })).toMatchObject({ enabled: false, reason: 'unverifiable' });
    expect(resolveUpdateConfig({ policy: NONE, install: 'mac', bundled: BUNDLED, currentVersion: '1.4.0' })).toMatchObject({ enabled: true, verification: 'mac-code-signature' });
  });

  it('reads app-update.yml as electron-builder writes it, and nothing it does not understand', () => {
    expect(parseFlatYaml("provider: generic\nurl: 'https://u.example/a b'\npublisherName:\n  - \"CN=Acme, O=Acme Ltd, C=DE\"\n  - Acme\n")).toEqual({
      provider: 'generic',
      url: 'https://u.example/a b',
      publisherName: ['CN=Acme, O=Acme Ltd, C=DE', 'Acme'],
    });
    expect(parseFlatYaml('provider: generic\nurl: &a https://x\n')).toBeNull();
    expect(parseFlatYaml('  - orphan\n')).toBeNull();
  });
});

describe('downgrades are refused', () => {
  it('compares versions the way releases are numbered', () => {
    expect(compareVersions('1.4.1', '1.4.0')).toBe(1);
    expect(compareVersions('1.4.0', '1.4.0')).toBe(0);
    expect(compareVersions('1.3.9', '1.4.0')).toBe(-1);
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('1.4.0-beta.2', '1.4.0')).toBe(-1);
    expect(compareVersions('1.4.0-beta.10', '1.4.0-beta.2')).toBe(1);
    expect(compareVersions('latest', '1.4.0')).toBeNull();
  });

  it.each([['an older version', '1.3.9'], ['the running version', '1.4.0'], ['a prerelease of the running version', '1.4.0-beta.1'], ['no version at all', 'v-next']])(
    'does not download %s that the feed offers',
    (_label, offered) => {
      const start = initialUpdateState(ON, T0);
      const result = run(start, [tick(T0 + FIRST_CHECK_DELAY_MS), { type: 'update-available', version: offered, now: T0 + FIRST_CHECK_DELAY_MS }, tick(T0 + FIRST_CHECK_DELAY_MS + 1)]);
      expect(result.effects).toEqual(['check']);
      expect(result.state).toEqual({ phase: 'waiting', nextCheckAt: T0 + FIRST_CHECK_DELAY_MS + DEFAULT_CHECK_EVERY_MS });
    },
  );

  it('takes a newer version', () => {
    const start = initialUpdateState(ON, T0);
    const result = run(start, [tick(T0 + FIRST_CHECK_DELAY_MS), { type: 'update-available', version: '1.4.1', now: T0 }, tick(T0 + FIRST_CHECK_DELAY_MS + 1)]);
    expect(result.effects).toEqual(['check', 'download']);
  });
});

describe('the installer is never run unverified', () => {
  const downloading: UpdateState = { phase: 'downloading', version: '1.5.0' };
  const downloaded: UpdateEvent = { type: 'downloaded', version: '1.5.0', file: 'C:\\Users\\t\\AppData\\Local\\fieldtape-updater\\pending\\Fieldtape Setup 1.5.0.exe', now: T0 };

  it('verifies a downloaded installer first; nothing can install it while it is being verified, however idle the app is', () => {
    const first = transition(downloading, downloaded, ON);
    expect(first.ok && first.effects).toEqual([{ type: 'verify', version: '1.5.0', file: 'C:\\Users\\t\\AppData\\Local\\fieldtape-updater\\pending\\Fieldtape Setup 1.5.0.exe' }]);
    const waiting = run(first.state, [tick(T0), tick(T0 + 10 * IDLE_GRACE_MS), tick(T0 + 100 * IDLE_GRACE_MS)]);
    expect(waiting.effects).toEqual([]);
    expect(waiting.state.phase).toBe('verifying');
  });

  it('after verification: allows install-on-quit, then installs once idle for the grace period', () => {
    const result = run(downloading, [downloaded, { type: 'verified', version: '1.5.0', now: T0 }, tick(T0), tick(T0 + IDLE_GRACE_MS)]);
    expect(result.effects).toEqual(['verify', 'allow-install-on-quit', 'install']);
  });

  it('a failed verification never installs: the update is dropped and checked again later', () => {
    const result = run(downloading, [downloaded, { type: 'verification-failed', version: '1.5.0', message: 'signed by CN=Mallory', now: T0 }, tick(T0 + IDLE_GRACE_MS * 10)]);
    expect(result.effects).toEqual(['verify']);
    expect(result.state.phase).toBe('waiting');
    // A 'verified' for another version, or out of turn, is rejected.
    expect(transition({ phase: 'verifying', version: '1.5.0', file: 'x' }, { type: 'verified', version: '1.6.0', now: T0 }, ON).ok).toBe(false);
    expect(transition(downloading, { type: 'verified', version: '1.5.0', now: T0 }, ON).ok).toBe(false);
  });
});

function tick(now: number): UpdateEvent {
  return { type: 'tick', now, activity: IDLE };
}
