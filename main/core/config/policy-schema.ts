// The IT-managed policy document: what an administrator may preconfigure and lock, whatever the source
// (a JSON file, the Windows registry, a macOS configuration profile). One zod schema validates all of
// them; a document that fails anywhere is rejected whole, never applied in part.
//
// Every key is optional ("partial" policies lock only what they name). Things a policy says that
// contradict each other are errors, not guesses. Secrets never belong in a policy: a profile names the
// environment variable that holds its secret, or the secret lives in the keychain.
import { z } from 'zod';
import { ProfileNameSchema, ProfileSettingsSchema } from '../../../shared/domain/profile';
import { SettingsSchema } from '../../../shared/domain/settings';
import type { SourceKind } from '../../../shared/domain/recording';
import { validateKeyTemplate } from '../../../shared/domain/key-template';

export const POLICY_VERSION = 1;

/** Every capture source a recording can have (shared/domain/recording.ts RecordingSource kinds). */
export const CAPTURE_SOURCE_KINDS = ['intake', 'screen', 'camera', 'file', 'testsrc'] as const satisfies readonly SourceKind[];

/** Update channels follow electron-builder's names: latest (stable), beta, alpha. */
export const UPDATE_CHANNELS = ['latest', 'beta', 'alpha'] as const;

const BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Update feeds only over https: a feed on plain http lets anyone on the path offer an "update". */
const HttpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL (update feeds are never fetched over plain http)' });

/**
 * A delivery profile provided by IT, in the delivery model's own terms (shared/domain/profile.ts): the
 * fields it sets are locked; a field it leaves out (say `prefixTemplate`) keeps the delivery default and
 * stays the technician's. The secret is never here: `secretEnv` names a machine-wide environment variable
 * that holds it; without one, the secret is read from the system keychain.
 */
export const PolicyProfileSchema = z
  .object({
    name: ProfileNameSchema,
    /** S3-compatible endpoint; left out (or null), AWS S3 for `region`. */
    endpoint: ProfileSettingsSchema.shape.endpoint.optional(),
    bucket: ProfileSettingsSchema.shape.bucket,
    region: ProfileSettingsSchema.shape.region,
    prefixTemplate: ProfileSettingsSchema.shape.prefixTemplate.optional(),
    accessKeyId: ProfileSettingsSchema.shape.accessKeyId,
    forcePathStyle: ProfileSettingsSchema.shape.forcePathStyle.optional(),
    secretEnv: z.string().regex(ENV_NAME, 'not an environment variable name').optional(),
  })
  .strict();
export type PolicyProfile = z.infer<typeof PolicyProfileSchema>;
/** Profile fields a policy can lock (secretEnv locks the profile's secretSource). */
export type PolicyProfileField = 'endpoint' | 'bucket' | 'region' | 'prefixTemplate' | 'accessKeyId' | 'forcePathStyle' | 'secretSource';
export const POLICY_PROFILE_FIELDS: readonly Exclude<PolicyProfileField, 'secretSource'>[] = [
  'endpoint',
  'bucket',
  'region',
  'prefixTemplate',
  'accessKeyId',
  'forcePathStyle',
];

/** Each retention key locks the user setting that implements it. */
export const RETENTION_SETTINGS = {
  failedDays: 'failedRetentionDays',
  localDays: 'localMp4KeepDays',
  localQuotaMb: 'localMp4QuotaMb',
} as const satisfies Record<string, keyof typeof SettingsSchema.shape>;

export const PolicyRetentionSchema = z
  .object({
    /** Days a failed delivery keeps its local artifacts before they are purged. */
    failedDays: SettingsSchema.shape.failedRetentionDays.optional(),
    /** Days a delivered recording's MP4 stays on disk for offline review (since last use). */
    localDays: SettingsSchema.shape.localMp4KeepDays.optional(),
    /** Size quota for delivered recordings' MP4s kept locally, in MB (least recently used go first). */
    localQuotaMb: SettingsSchema.shape.localMp4QuotaMb.optional(),
  })
  .strict();

export const UpdateFeedSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('generic'), url: HttpsUrl }).strict(),
  z
    .object({
      provider: z.literal('s3'),
      bucket: z.string().regex(BUCKET, 'not a valid S3 bucket name'),
      region: z.string().regex(/^[a-z0-9-]{2,32}$/).optional(),
      path: z.string().max(512).optional(),
      endpoint: HttpsUrl.optional(),
    })
    .strict(),
]);
export type UpdateFeed = z.infer<typeof UpdateFeedSchema>;

export const PolicyUpdatesSchema = z
  .object({
    /** false turns the self-updater off entirely (IT deploys new versions itself). */
    enabled: z.boolean().optional(),
    channel: z.enum(UPDATE_CHANNELS).optional(),
    feed: UpdateFeedSchema.optional(),
    /**
     * Accepted for older policies, but has no effect: Fieldtape never installs a version older than the one
     * running (a feed that offers one could be replaying a vulnerable release). IT installs older versions itself.
     */
    allowDowngrade: z.boolean().optional(),
    checkIntervalHours: z.number().min(1).max(24 * 7).optional(),
    /** when-idle (default): restart once nothing records or uploads; on-quit: only when the user quits. */
    restart: z.enum(['when-idle', 'on-quit']).optional(),
    /** early: this machine takes a staged release at once (pilot group); staged (default): honours stagingPercentage. */
    ring: z.enum(['early', 'staged']).optional(),
  })
  .strict();
export type PolicyUpdates = z.infer<typeof PolicyUpdatesSchema>;

const PolicyObjectSchema = z
  .object({
    /** Editors' JSON-schema hint; ignored. */
    $schema: z.string().optional(),
    version: z.literal(POLICY_VERSION).optional(),
    profiles: z.array(PolicyProfileSchema).min(1).max(50).optional(),
    defaultProfile: z.string().optional(),
    /** false: technicians cannot add profiles of their own, only use IT's. */
    allowUserProfiles: z.boolean().optional(),
    retention: PolicyRetentionSchema.optional(),
    /** Recording cannot start until the remote side has been notified (and it is audited). */
    requireConsent: z.boolean().optional(),
    allowedCaptureSources: z.array(z.enum(CAPTURE_SOURCE_KINDS)).min(1, 'at least one capture source must be allowed').optional(),
    updates: PolicyUpdatesSchema.optional(),
    /** Any user setting, locked to this value. */
    settings: SettingsSchema.partial().strict().optional(),
  })
  .strict();

/** Contradictions inside one document: reported as errors, so the document is not applied. */
export const PolicySchema = PolicyObjectSchema.superRefine((policy, ctx) => {
  const ids = (policy.profiles ?? []).map((p) => p.name);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['profiles'], message: `two profiles are named "${duplicate}"` });
  }
  for (const [index, profile] of (policy.profiles ?? []).entries()) {
    const problem = profile.prefixTemplate === undefined ? null : validateKeyTemplate(profile.prefixTemplate);
    if (problem) ctx.addIssue({ code: 'custom', path: ['profiles', index, 'prefixTemplate'], message: problem });
  }
  if (policy.defaultProfile !== undefined && !ids.includes(policy.defaultProfile)) {
    ctx.addIssue({ code: 'custom', path: ['defaultProfile'], message: `names "${policy.defaultProfile}", which is not one of the policy's profiles` });
  }
  if (policy.allowUserProfiles === false && ids.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['allowUserProfiles'],
      message: 'is false but the policy provides no profiles, so recordings could be delivered nowhere',
    });
  }
  for (const [key, setting] of Object.entries(RETENTION_SETTINGS) as Array<[keyof typeof RETENTION_SETTINGS, (typeof RETENTION_SETTINGS)[keyof typeof RETENTION_SETTINGS]]>) {
    const retained = policy.retention?.[key];
    const locked = policy.settings?.[setting];
    if (retained !== undefined && locked !== undefined && retained !== locked) {
      ctx.addIssue({ code: 'custom', path: ['retention', key], message: `is ${retained} but settings.${setting} is ${locked}; set one of them` });
    }
  }
  const sources = policy.allowedCaptureSources ?? [];
  const repeated = sources.find((s, i) => sources.indexOf(s) !== i);
  if (repeated !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['allowedCaptureSources'], message: `lists "${repeated}" twice` });
  }
});
export type Policy = z.infer<typeof PolicySchema>;

export type PolicyValidation = { ok: true; policy: Policy; warnings: string[] } | { ok: false; errors: string[] };

/** Keys that look like a secret anywhere in the document (a policy is readable by every user of the machine). */
const SECRET_KEY = /^(secret(access)?key|secret_access_key|secret|password|passwd|token|sessiontoken|privatekey)$/i;

/** Validates a parsed document (JSON, registry or plist, already converted to plain values). */
export function validatePolicyDocument(document: unknown): PolicyValidation {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, errors: ['the policy must be a JSON object (e.g. {"requireConsent": true})'] };
  }
  const secretPaths = findSecretKeys(document, []);
  if (secretPaths.length > 0) {
    return {
      ok: false,
      errors: secretPaths.map(
        (p) => `${p}: a policy must not contain secrets (every user can read it); provision the secret in the keychain or name an environment variable with secretEnv`,
      ),
    };
  }
  const parsed = PolicySchema.safeParse(document);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(formatIssue) };
  return { ok: true, policy: parsed.data, warnings: policyWarnings(parsed.data) };
}

/** Things that are not wrong but have no effect, so IT knows. */
function policyWarnings(policy: Policy): string[] {
  const warnings: string[] = [];
  const updates = policy.updates;
  if (updates?.allowDowngrade === true) {
    warnings.push('updates.allowDowngrade has no effect: Fieldtape never installs an older version than the one running; to go back, install the older version yourself');
  }
  if (updates?.enabled === false) {
    const moot = (['channel', 'feed', 'allowDowngrade', 'checkIntervalHours', 'restart', 'ring'] as const).filter((k) => updates[k] !== undefined);
    if (moot.length > 0) warnings.push(`updates.enabled is false, so updates.${moot.join(', updates.')} ha${moot.length > 1 ? 've' : 's'} no effect`);
  }
  return warnings;
}

function findSecretKeys(value: unknown, at: Array<string | number>): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecretKeys(item, [...at, i]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    SECRET_KEY.test(key) ? [formatPath([...at, key])] : findSecretKeys(inner, [...at, key]),
  );
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? formatPath(issue.path) : '(document)';
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${where}: ${issue.message}`;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The JSON Schema IT can point an editor at (docs/policy.schema.json; dist:check keeps it in sync). */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PolicyObjectSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}
