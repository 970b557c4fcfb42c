// The updater's decision table: what happens to a due check, an available update and a downloaded one
// while the app records, finalizes, uploads, sits in a session, or idles; and when updates are off.
import { describe, expect, it } from 'vitest';
import { resolveUpdateConfig, type UpdateConfig } from './update-config';
import { readBundledFeed } from './update-feed';
import {
  FIRST_CHECK_DELAY_MS,
  IDLE,
  IDLE_GRACE_MS,
  initialUpdateState,
  RETRY_AFTER_MS,
  transition,
  type Activity,
  type UpdateEvent,
  type UpdateState,
} from './update-machine';
import type { PolicyState } from '../config/policy';

const NONE: PolicyState = { status: 'none', checked: [], warnings: [] };
const policy = (updates: object): PolicyState => ({
  status: 'valid',
  source: { kind: 'file', location: '/etc/fieldtape/policy.json' },
  policy: { updates },
  warnings: [],
});
/** A build's app-update.yml with a real feed and the publisher its installers are signed by. */
const BUNDLED = readBundledFeed('provider: generic\nurl: https://updates.acme.example/fieldtape\nupdaterCacheDirName: fieldtape-updater\npublisherName:\n  - CN=Acme Field Tools Ltd\n');
const CURRENT = '1.0.0';
const ON = resolveUpdateConfig({ policy: NONE, install: 'nsis', bundled: BUNDLED, currentVersion: CURRENT });
const ON_QUIT = resolveUpdateConfig({ policy: policy({ restart: 'on-quit' }), install: 'nsis', bundled: BUNDLED, currentVersion: CURRENT });

const RECORDING: Activity = { ...IDLE, recording: 1 };
const PAUSED_RECORDING = RECORDING; // a paused recording counts as live: it will resume
const FINALIZING: Activity = { ...IDLE, finalizing: 1 };
const UPLOADING: Activity = { ...IDLE, uploading: 1 };
const IN_SESSION: Activity = { ...IDLE, sessions: 1 };

const T0 = 1_000_000;
const tick = (now: number, activity: Activity = IDLE): UpdateEvent => ({ type: 'tick', now, activity });

/** Runs events in order and returns the final state and every effect's type. */
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

const ready = (idleSince: number | null = null): UpdateState => ({ phase: 'ready', version: '1.2.0', idleSince });

describe('update decisions', () => {
  it('checks once the first delay has passed, downloads what it finds, and waits for the next interval when nothing is new', () => {
    const start = initialUpdateState(ON, T0);
    expect(run(start, [tick(T0 + 1000)]).effects).toEqual([]);
    const found = run(start, [tick(T0 + FIRST_CHECK_DELAY_MS), { type: 'update-available', version: '1.2.0', now: T0 }, tick(T0 + FIRST_CHECK_DELAY_MS + 1)]);
    expect(found.effects).toEqual(['check', 'download']);
    expect(found.state).toEqual({ phase: 'downloading', version: '1.2.0' });
    const nothing = run(start, [tick(T0 + FIRST_CHECK_DELAY_MS), { type: 'update-not-available', now: T0 + FIRST_CHECK_DELAY_MS }]);
    expect(nothing.state).toEqual({ phase: 'waiting', nextCheckAt: T0 + FIRST_CHECK_DELAY_MS + 4 * 3_600_000 });
  });

  it.each([
    ['recording', RECORDING],
    ['a paused recording', PAUSED_RECORDING],
    ['finalizing', FINALIZING],
    ['uploading', UPLOADING],
    ['in a live session', IN_SESSION],
  ])('never restarts while %s, however long it lasts', (_label, busy) => {
    const hours = Array.from({ length: 24 }, (_, h) => tick(T0 + h * 3_600_000, busy));
    const result = run(ready(), hours);
    expect(result.effects).toEqual([]);
    expect(result.state).toEqual(ready(null));
  });

  it('installs only after the app has been idle for the whole grace period', () => {
    const early = run(ready(), [tick(T0), tick(T0 + IDLE_GRACE_MS - 1)]);
    expect(early.effects).toEqual([]);
    expect(early.state).toEqual(ready(T0));
    const due = run(ready(), [tick(T0), tick(T0 + IDLE_GRACE_MS)]);
    expect(due.effects).toEqual(['install']);
    expect(due.state).toEqual({ phase: 'installing', version: '1.2.0' });
  });

  it('starts the idle clock again when a recording begins in the grace period', () => {
    const result = run(ready(), [tick(T0), tick(T0 + 60_000, RECORDING), tick(T0 + 90_000), tick(T0 + 90_000 + IDLE_GRACE_MS - 1)]);
    expect(result.effects).toEqual([]);
    expect(result.state).toEqual(ready(T0 + 90_000));
    expect(run(result.state, [tick(T0 + 90_000 + IDLE_GRACE_MS)]).effects).toEqual(['install']);
  });

  it('holds a download back while evidence uploads, and starts it once the upload is done', () => {
    const available: UpdateState = { phase: 'available', version: '1.2.0' };
    expect(run(available, [tick(T0, UPLOADING), tick(T0 + 3_600_000, UPLOADING)]).effects).toEqual([]);
    expect(run(available, [tick(T0, RECORDING)]).effects).toEqual(['download']); // recording does not use the network
    expect(run(available, [tick(T0, UPLOADING), tick(T0 + 1)]).effects).toEqual(['download']);
  });

  it('with restart: on-quit, never restarts by itself (electron-updater installs when the user quits)', () => {
    const result = run(ready(), [tick(T0), tick(T0 + 10 * IDLE_GRACE_MS)], ON_QUIT);
    expect(result.effects).toEqual([]);
  });

  it('retries a failed check or download later instead of hammering the feed', () => {
    const checking: UpdateState = { phase: 'checking', since: T0 };
    const failed = run(checking, [{ type: 'failed', message: 'net::ERR_NAME_NOT_RESOLVED', now: T0 }]);
    expect(failed.state).toEqual({ phase: 'waiting', nextCheckAt: T0 + RETRY_AFTER_MS });
    const downloading: UpdateState = { phase: 'downloading', version: '1.2.0' };
    expect(run(downloading, [{ type: 'failed', message: 'sha512 checksum mismatch', now: T0 }]).state.phase).toBe('waiting');
    expect(run(checking, [tick(T0 + 11 * 60_000)]).state.phase).toBe('waiting'); // a check that never answers
  });

  it('rejects events that make no sense in the current phase', () => {
    const result = transition({ phase: 'waiting', nextCheckAt: T0 }, { type: 'downloaded', version: '1.2.0', file: 'C:\\tmp\\setup.exe', now: T0 }, ON);
    expect(result).toEqual({ ok: false, state: { phase: 'waiting', nextCheckAt: T0 }, reason: 'downloaded is not expected while waiting' });
  });

  describe('when updates are disabled', () => {
    const OFF = resolveUpdateConfig({ policy: policy({ enabled: false }), install: 'nsis', bundled: BUNDLED, currentVersion: CURRENT });

    it('never checks, downloads or installs, whatever happens', () => {
      const start = initialUpdateState(OFF, T0);
      expect(start).toEqual({ phase: 'off', reason: 'policy-off', message: expect.stringMatching(/turned off by your organisation's policy/) });
      const result = run(start, [tick(T0), tick(T0 + 365 * 86_400_000), tick(T0 + 400 * 86_400_000, IDLE)], OFF);
      expect(result.effects).toEqual([]);
      expect(transition(start, { type: 'update-available', version: '9.9.9', now: T0 }, OFF).ok).toBe(false);
    });

    it('is off for an invalid policy, a per-machine MSI or deb install, a dev build, and without any feed', () => {
      const invalid: PolicyState = { status: 'invalid', source: { kind: 'file', location: '/x' }, errors: ['bad'], warnings: [] };
      expect(resolveUpdateConfig({ policy: invalid, install: 'nsis', bundled: BUNDLED, currentVersion: CURRENT })).toMatchObject({ enabled: false, reason: 'policy-invalid' });
      expect(resolveUpdateConfig({ policy: NONE, install: 'msi', bundled: BUNDLED, currentVersion: CURRENT })).toMatchObject({ enabled: false, reason: 'installer-managed' });
      expect(resolveUpdateConfig({ policy: NONE, install: 'deb', bundled: BUNDLED, currentVersion: CURRENT })).toMatchObject({ enabled: false, reason: 'installer-managed' });
      expect(resolveUpdateConfig({ policy: NONE, install: 'unpackaged', bundled: BUNDLED, currentVersion: CURRENT })).toMatchObject({ enabled: false, reason: 'unpackaged' });
      expect(resolveUpdateConfig({ policy: NONE, install: 'nsis', bundled: null, currentVersion: CURRENT })).toMatchObject({ enabled: false, reason: 'no-feed' });
    });
  });

  describe('channel, feed and staged rollout settings from the policy', () => {
    it('defaults to the stable channel, the bundled feed, a staged ring, and the publisher the build pins', () => {
      expect(ON).toEqual({
        enabled: true,
        channel: 'latest',
        feed: null,
        currentVersion: CURRENT,
        verification: 'windows-publisher',
        publisherNames: ['CN=Acme Field Tools Ltd'],
        checkEveryMs: 4 * 3_600_000,
        restart: 'when-idle',
        ring: 'staged',
      });
    });

    it('takes channel, feed, interval and ring from the policy (allowDowngrade no longer applies)', () => {
      const config = resolveUpdateConfig({
        policy: policy({
          channel: 'beta',
          feed: { provider: 's3', bucket: 'acme-updates', region: 'eu-west-1', path: 'fieldtape' },
          allowDowngrade: true,
          checkIntervalHours: 24,
          ring: 'early',
        }),
        install: 'mac',
        bundled: null, // the policy's feed is enough; Squirrel.Mac checks the code signature
        currentVersion: CURRENT,
      });
      expect(config).toEqual({
        enabled: true,
        channel: 'beta',
        feed: { provider: 's3', bucket: 'acme-updates', region: 'eu-west-1', path: 'fieldtape' },
        currentVersion: CURRENT,
        verification: 'mac-code-signature',
        publisherNames: [],
        checkEveryMs: 24 * 3_600_000,
        restart: 'when-idle',
        ring: 'early',
      });
    });
  });
});
