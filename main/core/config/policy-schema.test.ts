import { describe, expect, it } from 'vitest';
import { RecordingSourceSchema } from '../../../shared/domain/recording';
import { CAPTURE_SOURCE_KINDS, validatePolicyDocument } from './policy-schema';

const profile = { name: 'main', endpoint: 'https://s3.eu-west-1.amazonaws.com', bucket: 'acme-evidence', region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE123' };

function errorsOf(document: unknown): string[] {
  const result = validatePolicyDocument(document);
  if (result.ok) throw new Error(`expected the policy to be rejected: ${JSON.stringify(document)}`);
  return result.errors;
}

describe('policy schema', () => {
  it('accepts a complete policy', () => {
    const result = validatePolicyDocument({
      version: 1,
      profiles: [{ ...profile, prefixTemplate: 'fieldtape/{yyyy}/{recordingId}/{artifact}', forcePathStyle: false, secretEnv: 'FIELDTAPE_S3_SECRET' }],
      defaultProfile: 'main',
      allowUserProfiles: false,
      retention: { failedDays: 14, localDays: 30, localQuotaMb: 20000 },
      requireConsent: true,
      allowedCaptureSources: ['intake', 'screen'],
      updates: { enabled: true, channel: 'beta', feed: { provider: 'generic', url: 'https://updates.example.com/fieldtape' }, ring: 'early', restart: 'when-idle' },
      settings: { encodePreset: 'veryfast', minFreeDiskMb: 2048 },
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('accepts an empty and a partial policy', () => {
    expect(validatePolicyDocument({}).ok).toBe(true);
    const partial = validatePolicyDocument({ requireConsent: true });
    expect(partial.ok && partial.policy).toEqual({ requireConsent: true });
  });

  it('refuses an update feed on plain http (generic URL or S3 endpoint), with a clear message', () => {
    expect(errorsOf({ updates: { feed: { provider: 'generic', url: 'http://updates.acme.example/fieldtape' } } })).toEqual([
      'updates.feed.url: must be an https URL (update feeds are never fetched over plain http)',
    ]);
    expect(errorsOf({ updates: { feed: { provider: 's3', bucket: 'acme-updates', endpoint: 'http://minio.acme.example:9000' } } })).toEqual([
      'updates.feed.endpoint: must be an https URL (update feeds are never fetched over plain http)',
    ]);
    expect(validatePolicyDocument({ updates: { feed: { provider: 'generic', url: 'https://updates.acme.example/fieldtape' } } }).ok).toBe(true);
  });

  it('accepts updates.allowDowngrade from older policies but warns that downgrades are always refused', () => {
    const result = validatePolicyDocument({ updates: { allowDowngrade: true } });
    expect(result.ok && result.warnings).toEqual([expect.stringMatching(/^updates\.allowDowngrade has no effect: Fieldtape never installs an older version/)]);
  });

  it('rejects unknown keys and wrong types with the path that is wrong', () => {
    expect(errorsOf({ requireConsent: 'yes' })).toEqual([expect.stringMatching(/^requireConsent: /)]);
    expect(errorsOf({ requireConset: true })).toEqual(['(document): unknown key "requireConset"']);
    expect(errorsOf({ updates: { channel: 'nightly' } })[0]).toMatch(/^updates\.channel: /);
    expect(errorsOf({ profiles: [{ ...profile, bucket: 'Not_A_Bucket' }] })[0]).toMatch(/^profiles\[0\]\.bucket: not a bucket name/);
    expect(errorsOf({ updates: { feed: { provider: 'generic', url: 'file:///etc/passwd' } } })[0]).toMatch(/^updates\.feed\.url: must be an https URL/);
    expect(errorsOf({ settings: { encodeCrf: 99 } })[0]).toMatch(/^settings\.encodeCrf: /);
    expect(errorsOf({ profiles: [{ ...profile, prefixTemplate: 'evidence/{yyyy}/' }] })).toEqual([
      'profiles[0].prefixTemplate: it must contain {recordingId} and {artifact}, so every object has its own key',
    ]);
    expect(errorsOf({ version: 2 })[0]).toMatch(/^version: /);
    expect(errorsOf([])).toEqual([expect.stringMatching(/must be a JSON object/)]);
  });

  it('reports every problem at once, not only the first', () => {
    expect(errorsOf({ requireConsent: 1, allowedCaptureSources: ['webcam'], retention: { failedDays: 0 } })).toHaveLength(3);
  });

  it('refuses secrets anywhere in the document', () => {
    const errors = errorsOf({ profiles: [{ ...profile, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' }] });
    expect(errors).toEqual([expect.stringMatching(/^profiles\[0\]\.secretAccessKey: a policy must not contain secrets/)]);
    expect(errors.join(' ')).not.toContain('wJalrXUtnFEMI');
    expect(errorsOf({ updates: { token: 'x' } })[0]).toMatch(/updates\.token: a policy must not contain secrets/);
  });

  it('rejects a policy that contradicts itself', () => {
    expect(errorsOf({ profiles: [profile, profile] })).toEqual(['profiles: two profiles are named "main"']);
    expect(errorsOf({ profiles: [profile], defaultProfile: 'other' })).toEqual([
      'defaultProfile: names "other", which is not one of the policy\'s profiles',
    ]);
    expect(errorsOf({ allowUserProfiles: false })[0]).toMatch(/^allowUserProfiles: is false but the policy provides no profiles/);
    expect(errorsOf({ retention: { failedDays: 7 }, settings: { failedRetentionDays: 28 } })[0]).toMatch(
      /^retention\.failedDays: is 7 but settings\.failedRetentionDays is 28/,
    );
    expect(errorsOf({ retention: { localQuotaMb: 500 }, settings: { localMp4QuotaMb: 900 } })).toEqual([
      'retention.localQuotaMb: is 500 but settings.localMp4QuotaMb is 900; set one of them',
    ]);
    expect(errorsOf({ allowedCaptureSources: ['screen', 'screen'] })).toEqual(['allowedCaptureSources: lists "screen" twice']);
    expect(errorsOf({ allowedCaptureSources: [] })[0]).toMatch(/at least one capture source/);
  });

  it('accepts agreeing duplicates and warns about settings that have no effect', () => {
    expect(validatePolicyDocument({ retention: { failedDays: 7 }, settings: { failedRetentionDays: 7 } }).ok).toBe(true);
    const result = validatePolicyDocument({ updates: { enabled: false, channel: 'beta' } });
    expect(result.ok && result.warnings).toEqual(['updates.enabled is false, so updates.channel has no effect']);
  });

  it('knows every capture source kind the recording domain has', () => {
    const kinds = RecordingSourceSchema.options.map((option) => option.shape.kind.value);
    expect([...CAPTURE_SOURCE_KINDS].sort()).toEqual([...kinds].sort());
  });
});
