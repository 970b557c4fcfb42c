// The Destinations form's state as the inputs hold it (strings and booleans), and the way back to
// ProfileSettings. Validation is the contract's own schema (shared/domain/profile.ts) and the delivery's
// own key-template check, so the page says exactly what main would refuse, field by field, in words.
import { validateKeyTemplate } from '../../../shared/domain/key-template';
import {
  DEFAULT_KEY_TEMPLATE,
  DEFAULT_PROFILE_ARTIFACTS,
  PIPE_STORAGE_CLASSES,
  ProfileSettingsSchema,
  STORAGE_CLASS_TARGETS,
  type Profile,
  type ProfileArtifacts,
  type ProfileSettings,
  type SecretSource,
  type StorageClass,
  type StorageClassTarget,
} from '../../../shared/domain/profile';

/** '' in a storage-class select: send none, the bucket's default applies. */
export type StorageChoice = StorageClass | '';
/** 'global': no mode of its own, follow Settings (profiles made before destinations had one). */
export type ModeChoice = 'instant' | 'post-stop' | 'global';
/** '' in the Object Lock select: no retention headers are sent. */
export type LockChoice = '' | 'GOVERNANCE' | 'COMPLIANCE';

export interface DestinationDraft {
  name: string;
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  forcePathStyle: boolean;
  prefixTemplate: string;
  storage: Record<StorageClassTarget, StorageChoice>;
  /** Whether the storage selects were chosen by the user (then an endpoint no longer changes them). */
  storageChosen: boolean;
  sse: 'none' | 'SSE-S3' | 'SSE-KMS';
  kmsKeyId: string;
  raw: boolean;
  deliveryMode: ModeChoice;
  /** RFC 3161 time-stamp authority for receipts; '' for none. */
  tsaUrl: string;
  lockMode: LockChoice;
  /** Retention period in days, as typed. */
  lockDays: string;
  // Carried through unchanged: the form does not edit them.
  secretSource: SecretSource;
  artifacts: ProfileArtifacts;
  storageClass: StorageClass | null;
  tags: boolean;
}

export type DraftField = 'name' | 'endpoint' | 'region' | 'bucket' | 'accessKeyId' | 'prefixTemplate' | 'kmsKeyId' | 'secret' | 'storage' | 'tsaUrl' | 'objectLock' | 'other';

export const FIELD_LABELS: Record<DraftField, string> = {
  name: 'Name',
  endpoint: 'Endpoint URL',
  region: 'Region',
  bucket: 'Bucket',
  accessKeyId: 'Access key ID',
  prefixTemplate: 'Key template',
  kmsKeyId: 'KMS key ID',
  secret: 'Secret access key',
  storage: 'Storage class',
  tsaUrl: 'Timestamp authority (TSA) URL',
  objectLock: 'Object Lock retention',
  other: 'Destination',
};

/**
 * AWS S3 gets Pipe's classes. S3-compatible services mostly know STANDARD only (MinIO refuses
 * INTELLIGENT_TIERING), so there the bucket's default is the safe start.
 */
export function defaultStorage(endpoint: string): Record<StorageClassTarget, StorageChoice> {
  return endpoint.trim() === '' ? { ...PIPE_STORAGE_CLASSES } : { mp4: '', previews: '', raw: '' };
}

export function newDraft(): DestinationDraft {
  return {
    name: '',
    endpoint: '',
    region: 'us-east-1',
    bucket: '',
    accessKeyId: '',
    forcePathStyle: false,
    prefixTemplate: DEFAULT_KEY_TEMPLATE,
    storage: defaultStorage(''),
    storageChosen: false,
    sse: 'none',
    kmsKeyId: '',
    raw: false,
    // New destinations upload while recording; where a source cannot, delivery falls back to after Stop.
    deliveryMode: 'instant',
    tsaUrl: '',
    lockMode: '',
    lockDays: '',
    secretSource: { kind: 'keychain' },
    artifacts: { ...DEFAULT_PROFILE_ARTIFACTS },
    storageClass: null,
    tags: false,
  };
}

export function draftFromProfile(p: Profile): DestinationDraft {
  // What each kind is sent with today: its own class, else the profile's single class.
  const shown = (target: StorageClassTarget): StorageChoice => {
    const own = p.storageClasses?.[target];
    return (own !== undefined ? own : p.storageClass) ?? '';
  };
  return {
    name: p.name,
    endpoint: p.endpoint ?? '',
    region: p.region,
    bucket: p.bucket,
    accessKeyId: p.accessKeyId,
    forcePathStyle: p.forcePathStyle,
    prefixTemplate: p.prefixTemplate,
    storage: { mp4: shown('mp4'), previews: shown('previews'), raw: shown('raw') },
    storageChosen: true,
    sse: p.encryption.mode,
    kmsKeyId: p.encryption.mode === 'SSE-KMS' ? p.encryption.kmsKeyId : '',
    raw: p.artifacts.raw,
    deliveryMode: p.deliveryMode ?? 'global',
    tsaUrl: p.tsaUrl ?? '',
    lockMode: p.objectLock?.mode ?? '',
    lockDays: p.objectLock ? String(p.objectLock.days) : '',
    secretSource: p.secretSource,
    artifacts: p.artifacts,
    storageClass: p.storageClass,
    tags: p.tags,
  };
}

/** Typing an endpoint into a new destination switches untouched storage classes to what suits it. */
export function withEndpoint(draft: DestinationDraft, endpoint: string): DestinationDraft {
  const wasAws = draft.endpoint.trim() === '';
  const isAws = endpoint.trim() === '';
  return {
    ...draft,
    endpoint,
    ...(draft.storageChosen ? {} : { storage: defaultStorage(endpoint) }),
    // Path-style follows the endpoint until the user says otherwise: AWS virtual-hosted, others path-style.
    ...(wasAws !== isAws ? { forcePathStyle: !isAws } : {}),
  };
}

export interface FieldProblem {
  field: DraftField;
  message: string;
}

export type DraftResult = { ok: true; settings: ProfileSettings } | { ok: false; problems: FieldProblem[] };

const FIELD_OF_PATH: Record<string, DraftField> = {
  name: 'name',
  endpoint: 'endpoint',
  region: 'region',
  bucket: 'bucket',
  accessKeyId: 'accessKeyId',
  prefixTemplate: 'prefixTemplate',
  encryption: 'kmsKeyId',
  storageClasses: 'storage',
  tsaUrl: 'tsaUrl',
  objectLock: 'objectLock',
};

const FRIENDLY: Partial<Record<DraftField, string>> = {
  endpoint: 'must be a full URL such as https://s3.example.com or http://127.0.0.1:9000, or empty for AWS S3',
  kmsKeyId: 'give the KMS key ID or ARN that objects are encrypted with',
  name: 'use 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  bucket: 'a bucket name is 3-63 lower-case letters, digits, dots or dashes, starting and ending with a letter or digit',
  region: 'a region is written like us-east-1 or eu-west-2',
  accessKeyId: 'an access key ID is 3-128 letters and digits (e.g. AKIA…), without spaces',
  prefixTemplate: `give a key template, e.g. ${DEFAULT_KEY_TEMPLATE}`,
  tsaUrl: 'give the http:// or https:// URL of an RFC 3161 time-stamp authority, or leave it empty',
  objectLock: 'give the retention period as a whole number of days (1 to 36500)',
};

/** The settings to save, or every field that is wrong and why (in the form's own words). */
export function settingsFromDraft(draft: DestinationDraft, options: { secret?: string; secretRequired?: boolean } = {}): DraftResult {
  const storageClasses = Object.fromEntries(STORAGE_CLASS_TARGETS.map((t) => [t, draft.storage[t] === '' ? null : draft.storage[t]]));
  const candidate = {
    name: draft.name.trim(),
    endpoint: draft.endpoint.trim() === '' ? null : draft.endpoint.trim(),
    region: draft.region.trim(),
    bucket: draft.bucket.trim(),
    prefixTemplate: draft.prefixTemplate.trim(),
    accessKeyId: draft.accessKeyId.trim(),
    secretSource: draft.secretSource,
    forcePathStyle: draft.forcePathStyle,
    artifacts: { ...draft.artifacts, raw: draft.raw },
    storageClass: draft.storageClass,
    storageClasses,
    encryption: draft.sse === 'SSE-KMS' ? { mode: 'SSE-KMS' as const, kmsKeyId: draft.kmsKeyId.trim() } : { mode: draft.sse },
    tags: draft.tags,
    ...(draft.deliveryMode === 'global' ? {} : { deliveryMode: draft.deliveryMode }),
    tsaUrl: draft.tsaUrl.trim() === '' ? null : draft.tsaUrl.trim(),
    objectLock: draft.lockMode === '' ? null : { mode: draft.lockMode, days: /^\d+$/.test(draft.lockDays.trim()) ? Number(draft.lockDays.trim()) : NaN },
  };
  const problems: FieldProblem[] = [];
  const parsed = ProfileSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_PATH[String(issue.path[0])] ?? 'other';
      if (problems.some((p) => p.field === field)) continue;
      problems.push({ field, message: FRIENDLY[field] ?? `${issue.path.join('.')}: ${issue.message}` });
    }
  }
  if (!problems.some((p) => p.field === 'prefixTemplate')) {
    const problem = validateKeyTemplate(candidate.prefixTemplate);
    if (problem) problems.push({ field: 'prefixTemplate', message: problem });
  }
  if (options.secretRequired && !options.secret) problems.push({ field: 'secret', message: 'type the secret access key that belongs to this access key ID' });
  else if (options.secret && /[\r\n]/.test(options.secret)) problems.push({ field: 'secret', message: 'it contains a line break; paste the secret on its own' });
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, settings: parsed.data };
}

/** One sentence naming every wrong field, for the form's alert. */
export function describeProblems(problems: FieldProblem[]): string {
  return `Check ${problems.length === 1 ? 'this field' : `these ${problems.length} fields`}: ${problems.map((p) => `${FIELD_LABELS[p.field]}: ${p.message}`).join('; ')}.`;
}
