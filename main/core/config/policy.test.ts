import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_DEFAULTS } from '../../../shared/domain/settings';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../store/database';
import type { RecordingService } from '../recording/recording-service';
import {
  isManagedSetting,
  loadPolicy,
  managedSettingKeys,
  policyNotice,
  policyStatus,
  withManagedSettings,
  type PolicyState,
} from './policy';
import { enforceCaptureSources } from './policy-capture';
import { policyProfiles, policyProfileSecretFromEnv, policyProfileSettings } from './policy-profiles';
import type { PolicyReadDeps, PolicySource } from './policy-sources';
import { redact } from '../secrets/redact';
import { createSettingsStore } from '../store/settings-store';

const HIGH: PolicySource = { kind: 'registry', location: 'HKLM\\Software\\Policies\\Fieldtape' };
const LOW: PolicySource = { kind: 'file', location: '/etc/fieldtape/policy.json' };

/** Registry values come back as a PolicyJson document; files from the map. */
function deps(files: Record<string, string>, registry: string | null = null): PolicyReadDeps {
  return {
    readFile: (file) => files[file] ?? null,
    run: () =>
      registry === null
        ? { status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' }
        : { status: 0, stdout: `\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Fieldtape\r\n    PolicyJson    REG_SZ    ${registry}\r\n`, stderr: '' },
  };
}

function load(files: Record<string, string>, registry: string | null = null, env: NodeJS.ProcessEnv = {}): PolicyState {
  return loadPolicy({ sources: [HIGH, LOW], deps: deps(files, registry), env });
}

function settingsStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-policy-'));
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  return { db, dir };
}

describe('loading the policy', () => {
  it('finds none when no source exists', () => {
    const state = load({});
    expect(state.status).toBe('none');
    expect(policyStatus(state)).toEqual({ status: 'none', source: null, errors: [], warnings: [], managed: [], locked: [], allowedCaptureSources: null });
    expect(policyNotice(state)).toBeNull();
  });

  it('applies a valid policy and says what it locks', () => {
    const state = load({
      [LOW.location]: JSON.stringify({ requireConsent: true, settings: { encodeCrf: 23 }, retention: { failedDays: 7, localDays: 3, localQuotaMb: 500 } }),
    });
    expect(state.status).toBe('valid');
    expect(policyStatus(state)).toEqual({
      status: 'valid',
      source: LOW,
      errors: [],
      warnings: [],
      // retention locks the settings that implement it
      managed: ['encodeCrf', 'failedRetentionDays', 'localMp4KeepDays', 'localMp4QuotaMb'],
      locked: ['retention.failedDays', 'retention.localDays', 'retention.localQuotaMb', 'requireConsent', 'settings.encodeCrf'],
      allowedCaptureSources: null,
    });
  });

  it('rejects an invalid policy whole: nothing of it is managed', () => {
    // encodeCrf is fine on its own; the bad key elsewhere must keep it from applying.
    const state = load({ [LOW.location]: JSON.stringify({ settings: { encodeCrf: 23 }, allowedCaptureSources: ['webcam'] }) });
    expect(state.status).toBe('invalid');
    expect(managedSettingKeys(state)).toEqual([]);
    expect(policyStatus(state).errors).toEqual([expect.stringMatching(/^allowedCaptureSources\[0\]: /)]);
    expect(policyNotice(state)).toEqual({ level: 'error', message: expect.stringMatching(/policy \(the policy file \/etc\/fieldtape\/policy\.json\) is invalid, so none of it is applied/) });
  });

  it('uses the highest-precedence source whole when two conflict, and says the other was ignored', () => {
    const state = load({ [LOW.location]: JSON.stringify({ requireConsent: false, settings: { encodeCrf: 30 } }) }, JSON.stringify({ requireConsent: true }));
    expect(state.status).toBe('valid');
    expect(state.status === 'valid' && state.policy).toEqual({ requireConsent: true });
    expect(state.warnings).toEqual([
      'the policy file /etc/fieldtape/policy.json was ignored: the registry key HKLM\\Software\\Policies\\Fieldtape takes precedence',
    ]);
    expect(managedSettingKeys(state)).toEqual([]); // nothing of the lower file leaks in
  });

  it('does not fall back to a lower source when the higher one is broken', () => {
    const state = load({ [LOW.location]: JSON.stringify({ requireConsent: true }) }, '{not json');
    expect(state.status).toBe('invalid');
    expect(state.status === 'invalid' && state.errors[0]).toMatch(/^the registry key .* is not valid JSON/);
  });

  it('uses FIELDTAPE_POLICY_FILE only when the machine has no policy of its own', () => {
    const env = { FIELDTAPE_POLICY_FILE: '/tmp/test-policy.json' };
    const files = { '/tmp/test-policy.json': JSON.stringify({ requireConsent: true }) };
    const used = load(files, null, env);
    expect(used.status === 'valid' && used.source).toEqual({ kind: 'override-file', location: '/tmp/test-policy.json' });
    const ignored = load({ ...files, [LOW.location]: '{}' }, null, env);
    expect(ignored.status === 'valid' && ignored.source).toEqual(LOW);
    expect(ignored.warnings[0]).toMatch(/\/tmp\/test-policy\.json \(FIELDTAPE_POLICY_FILE\) was ignored/);
    expect(load({}, null, env)).toEqual(expect.objectContaining({ status: 'invalid', errors: [expect.stringMatching(/does not exist/)] }));
  });

  it('never throws, whatever the source does', () => {
    const throwing: PolicyReadDeps = {
      readFile: () => {
        throw new Error('EIO');
      },
      run: () => {
        throw new Error('spawn reg ENOENT');
      },
    };
    const state = loadPolicy({ sources: [HIGH, LOW], deps: throwing, env: {} });
    expect(state).toEqual(expect.objectContaining({ status: 'invalid', errors: [expect.stringMatching(/could not be read: spawn reg ENOENT/)] }));
  });
});

describe('settings under a policy', () => {
  it('overrides the user value with the locked one and refuses changes to it', () => {
    const { db } = settingsStore();
    const state = load({ [LOW.location]: JSON.stringify({ settings: { encodeCrf: 23 }, retention: { failedDays: 7 } }) });
    const raw = createSettingsStore(db, () => new Date(), isManagedSetting(state));
    raw.set('filmstripFrames', 12);
    createSettingsStore(db, () => new Date(), () => false).set('encodeCrf', 30); // the user's choice from before the policy
    const settings = withManagedSettings(raw, state);
    expect(settings.get()).toEqual({ ...SETTINGS_DEFAULTS, filmstripFrames: 12, encodeCrf: 23, failedRetentionDays: 7 });
    expect(() => settings.set('encodeCrf', 18)).toThrow(expect.objectContaining({ code: 'MANAGED_BY_POLICY' }));
    expect(() => settings.set('failedRetentionDays', 3)).toThrow(AppError);
    expect(settings.set('displayName', 'Ana').encodeCrf).toBe(23);
    db.close();
  });

  it('leaves settings alone when the policy is invalid', () => {
    const { db } = settingsStore();
    const state = load({ [LOW.location]: JSON.stringify({ settings: { encodeCrf: 23 }, extra: 1 }) });
    const settings = withManagedSettings(createSettingsStore(db, () => new Date(), isManagedSetting(state)), state);
    expect(settings.set('encodeCrf', 18).encodeCrf).toBe(18);
    db.close();
  });
});

describe('profiles and capture sources under a policy', () => {
  it('hands the delivery code its profiles with the fields they lock and where the secret comes from', () => {
    const state = load({
      [LOW.location]: JSON.stringify({
        profiles: [
          { name: 'main', bucket: 'acme-evidence', region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE123', secretEnv: 'ACME_S3_SECRET' },
          { name: 'lab', endpoint: 'https://minio.lab.example:9000', bucket: 'lab', region: 'us-east-1', prefixTemplate: 'tech/{recordingId}/{artifact}', forcePathStyle: true, accessKeyId: 'labuser' },
        ],
        defaultProfile: 'main',
        allowUserProfiles: false,
      }),
    });
    const result = policyProfiles(state);
    expect(result.defaultProfile).toBe('main');
    expect(result.allowUserProfiles).toBe(false);
    expect(result.profiles.map((p) => [p.profile.name, p.locked, p.secretSource])).toEqual([
      ['main', ['bucket', 'region', 'accessKeyId', 'secretSource'], { kind: 'env', variable: 'ACME_S3_SECRET' }],
      ['lab', ['endpoint', 'bucket', 'region', 'prefixTemplate', 'accessKeyId', 'forcePathStyle', 'secretSource'], { kind: 'keychain' }],
    ]);
    expect(policyProfileSettings(result.profiles[1]!)).toEqual({
      name: 'lab',
      endpoint: 'https://minio.lab.example:9000',
      bucket: 'lab',
      region: 'us-east-1',
      prefixTemplate: 'tech/{recordingId}/{artifact}',
      accessKeyId: 'labuser',
      forcePathStyle: true,
      secretSource: { kind: 'keychain' },
    });
    const secret = 'pOlIcYsEcReT-0123456789';
    expect(policyProfileSecretFromEnv(result.profiles[0]!, { ACME_S3_SECRET: secret })).toBe(secret);
    expect(redact(`signing with ${secret}`)).toBe('signing with [redacted]');
    expect(policyProfileSecretFromEnv(result.profiles[1]!, {})).toBeNull();
    expect(policyProfiles(load({})).profiles).toEqual([]);
  });

  it('refuses to create a recording from a source the policy does not allow', async () => {
    const state = load({ [LOW.location]: JSON.stringify({ allowedCaptureSources: ['intake'] }) });
    const created: string[] = [];
    const service = { create: async (o: { source: { kind: string } }) => (created.push(o.source.kind), {}) } as unknown as RecordingService;
    const guarded = enforceCaptureSources(service, state);
    await expect(guarded.create({ source: { kind: 'screen' }, mime: 'video/x-matroska' })).rejects.toMatchObject({
      code: 'MANAGED_BY_POLICY',
      message: expect.stringMatching(/does not allow recording from "screen" \(allowed: intake\)/),
    });
    await guarded.create({ source: { kind: 'intake', mime: 'video/webm' }, mime: 'video/webm' });
    expect(created).toEqual(['intake']);
    expect(enforceCaptureSources(service, load({}))).toBe(service);
  });

  it('checks a solo renderer recording against the screen and camera it captures', async () => {
    const state = load({ [LOW.location]: JSON.stringify({ allowedCaptureSources: ['intake', 'camera'] }) });
    expect(policyStatus(state).allowedCaptureSources).toEqual(['intake', 'camera']);
    const created: string[] = [];
    const service = { create: async (o: { source: { kind: string } }) => (created.push(o.source.kind), {}) } as unknown as RecordingService;
    const guarded = enforceCaptureSources(service, state);
    const solo = (captures: Array<'screen' | 'camera' | 'microphone'>) => guarded.create({ source: { kind: 'intake', mime: 'video/webm', captures }, mime: 'video/webm' });
    await expect(solo(['screen', 'camera', 'microphone'])).rejects.toMatchObject({ code: 'MANAGED_BY_POLICY', message: expect.stringMatching(/"screen"/) });
    await solo(['camera', 'microphone']);
    await solo(['microphone']);
    expect(created).toEqual(['intake', 'intake']);
    const screenOnly = enforceCaptureSources(service, load({ [LOW.location]: JSON.stringify({ allowedCaptureSources: ['screen'] }) }));
    await expect(screenOnly.create({ source: { kind: 'intake', mime: 'audio/webm', captures: ['microphone'] }, mime: 'audio/webm' })).rejects.toMatchObject({ code: 'MANAGED_BY_POLICY' });
  });
});
