import { describe, expect, it } from 'vitest';
import { PIPE_STORAGE_CLASSES, PROFILE_TEST_CAUSES, type Profile } from '../../../shared/domain/profile';
import { describeProblems, draftFromProfile, newDraft, settingsFromDraft, withEndpoint } from './destination-draft';
import { CAUSE_TEXT } from './test-causes';

const filled = () => ({ ...newDraft(), name: 'acme', bucket: 'acme-evidence', accessKeyId: 'AKIAEXAMPLE' });

describe('the destination form', () => {
  it("starts instant, with Pipe's storage classes on AWS and the bucket default elsewhere", () => {
    const draft = newDraft();
    expect(draft.deliveryMode).toBe('instant');
    expect(draft.storage).toEqual(PIPE_STORAGE_CLASSES);
    const minio = withEndpoint(draft, 'http://127.0.0.1:9000');
    expect(minio.storage).toEqual({ mp4: '', previews: '', raw: '' });
    expect(minio.forcePathStyle).toBe(true);
    // Chosen by hand: an endpoint no longer overrides them.
    const chosen = withEndpoint({ ...draft, storageChosen: true }, 'http://127.0.0.1:9000');
    expect(chosen.storage).toEqual(PIPE_STORAGE_CLASSES);
  });

  it('turns into the settings main stores, per-kind classes and delivery mode included', () => {
    const result = settingsFromDraft({ ...filled(), storage: { mp4: 'INTELLIGENT_TIERING', previews: 'STANDARD', raw: '' }, raw: true, sse: 'SSE-KMS', kmsKeyId: 'alias/evidence' }, { secret: 's3cr3t', secretRequired: true });
    expect(result).toEqual({
      ok: true,
      settings: expect.objectContaining({
        name: 'acme',
        endpoint: null,
        storageClasses: { mp4: 'INTELLIGENT_TIERING', previews: 'STANDARD', raw: null },
        encryption: { mode: 'SSE-KMS', kmsKeyId: 'alias/evidence' },
        artifacts: expect.objectContaining({ raw: true }),
        deliveryMode: 'instant',
      }),
    });
  });

  it('says which fields are wrong and why', () => {
    const result = settingsFromDraft({ ...filled(), bucket: 'Bad_Bucket', endpoint: 'not a url', prefixTemplate: '{profile}/{artifact}', sse: 'SSE-KMS' }, { secretRequired: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(['bucket', 'endpoint', 'kmsKeyId', 'prefixTemplate', 'secret']);
    const text = describeProblems(result.problems);
    expect(text).toMatch(/^Check these 5 fields: /);
    expect(text).toContain('Bucket: a bucket name is 3-63 lower-case letters');
    expect(text).toContain('Key template: it must contain {recordingId} and {artifact}');
    expect(text).toContain('Secret access key: type the secret access key');
  });

  it('keeps what it does not edit, and profiles without a mode keep following Settings', () => {
    const stored: Profile = {
      ...(settingsFromDraft(filled()) as { ok: true; settings: Profile }).settings,
      storageClass: 'STANDARD_IA',
      storageClasses: undefined,
      secretSource: { kind: 'env', variable: 'FT_SECRET' },
      id: 'prof_0123456789abcdef',
      active: true,
      managed: false,
      createdAt: 'now',
      updatedAt: 'now',
    };
    delete stored.deliveryMode;
    const draft = draftFromProfile(stored);
    expect(draft.deliveryMode).toBe('global');
    expect(draft.storage).toEqual({ mp4: 'STANDARD_IA', previews: 'STANDARD_IA', raw: 'STANDARD_IA' });
    const again = settingsFromDraft(draft);
    expect(again.ok && again.settings).toMatchObject({ secretSource: { kind: 'env', variable: 'FT_SECRET' }, storageClass: 'STANDARD_IA' });
    expect(again.ok && 'deliveryMode' in again.settings).toBe(false);
  });

  it('saves a TSA URL and Object Lock retention, names what is wrong with them, and reads them back', () => {
    const ok = settingsFromDraft({ ...filled(), tsaUrl: ' http://127.0.0.1:3180/tsa ', lockMode: 'COMPLIANCE', lockDays: '2555' });
    expect(ok.ok && ok.settings).toMatchObject({ tsaUrl: 'http://127.0.0.1:3180/tsa', objectLock: { mode: 'COMPLIANCE', days: 2555 } });
    expect(settingsFromDraft(filled()).ok && (settingsFromDraft(filled()) as { ok: true; settings: Profile }).settings).toMatchObject({ tsaUrl: null, objectLock: null });
    const bad = settingsFromDraft({ ...filled(), tsaUrl: 'ftp://tsa.example', lockMode: 'GOVERNANCE', lockDays: 'seven' });
    expect(bad.ok).toBe(false);
    const fields = bad.ok ? [] : bad.problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['tsaUrl', 'objectLock']));
    expect(describeProblems(bad.ok ? [] : bad.problems)).toContain('Timestamp authority (TSA) URL');
    const stored = { ...(ok as { ok: true; settings: Profile }).settings, id: 'prof_0123456789abcdef', active: true, managed: false, createdAt: 'now', updatedAt: 'now' };
    expect(draftFromProfile(stored)).toMatchObject({ tsaUrl: 'http://127.0.0.1:3180/tsa', lockMode: 'COMPLIANCE', lockDays: '2555' });
  });

  it('has a headline and advice for every cause profile test can name', () => {
    for (const cause of PROFILE_TEST_CAUSES) {
      expect(CAUSE_TEXT[cause].title.length, cause).toBeGreaterThan(5);
      expect(CAUSE_TEXT[cause].advice.length, cause).toBeGreaterThan(20);
    }
    const titles = ['wrong-secret', 'wrong-access-key', 'access-denied', 'wrong-region', 'wrong-endpoint', 'connection-refused', 'clock-skew'].map((c) => CAUSE_TEXT[c as keyof typeof CAUSE_TEXT].title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
