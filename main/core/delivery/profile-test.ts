// `fieldtape profile test`: proves write access by putting one small probe object where recordings will
// go, and when that fails names the exact cause — DNS, TLS, connection refused, timeout, clock skew, wrong
// access key, wrong secret, access denied (or a bucket that does not exist, which write-only credentials
// cannot tell apart), no such bucket, wrong region, or an endpoint that is not S3.
import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Profile, ProfileTestCause, ProfileTestResult } from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import { redact } from '../secrets/redact';
import { objectKey } from './delivery-plan';
import { errorFacts } from './error-facts';
import { storageClassFor } from './storage-class';

export interface ProfileTestDeps {
  resolveSecret: (profile: Profile) => Promise<string>;
  makeClient: (profile: Profile, secret: string) => S3Client;
  clock: () => Date;
}

export async function testProfile(profile: Profile, deps: ProfileTestDeps): Promise<ProfileTestResult> {
  const started = Date.now();
  const at = deps.clock();
  const key = objectKey(profile, { id: 'rec_fieldtapeprobe', sessionId: null, createdAt: at.toISOString() }, `probe-${at.getTime()}-${randomBytes(3).toString('hex')}.txt`);
  const result = (cause: ProfileTestCause, message: string, extra: Partial<ProfileTestResult> = {}): ProfileTestResult => ({
    ok: cause === 'ok',
    profile: profile.name,
    cause,
    message,
    key,
    elapsedMs: Date.now() - started,
    clockSkewSec: null,
    ...extra,
  });

  let secret: string;
  try {
    secret = await deps.resolveSecret(profile);
  } catch (error) {
    return result('missing-secret', error instanceof AppError ? error.message : `The secret of profile "${profile.name}" could not be read.`);
  }
  const client = deps.makeClient(profile, secret);
  const probeClass = storageClassFor(profile, 'mp4');
  const body = Buffer.from(`Fieldtape write test for profile ${profile.name} at ${at.toISOString()}\n`);
  try {
    const reply = await client.send(
      new PutObjectCommand({
        Bucket: profile.bucket,
        Key: key,
        Body: body,
        ContentType: 'text/plain',
        ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
        // The MP4's class: the one most likely to be refused (INTELLIGENT_TIERING on a service without it).
        ...(probeClass ? { StorageClass: probeClass } : {}),
        ...(profile.encryption.mode === 'SSE-S3' ? { ServerSideEncryption: 'AES256' as const } : {}),
        ...(profile.encryption.mode === 'SSE-KMS' ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: profile.encryption.kmsKeyId } : {}),
        // What every delivery sends: never overwrite (If-None-Match) and, when asked, Object Lock retention.
        IfNoneMatch: '*',
        ...(profile.objectLock
          ? { ObjectLockMode: profile.objectLock.mode, ObjectLockRetainUntilDate: new Date(at.getTime() + profile.objectLock.days * 86_400_000) }
          : {}),
      }),
    );
    const skew = serverSkew((reply.$metadata as { httpHeaders?: Record<string, string> }).httpHeaders, at);
    const lock = profile.objectLock ? ` with ${profile.objectLock.mode} retention for ${profile.objectLock.days} days (the probe object is locked too)` : '';
    return result('ok', `Profile "${profile.name}" can write to bucket "${profile.bucket}"${lock} (probe object ${key}, ETag ${reply.ETag ?? '?'}).`, { clockSkewSec: skew });
  } catch (error) {
    const { cause, message } = diagnose(error, profile, at);
    const e = error as { $response?: { headers?: Record<string, string> } };
    return result(cause, message, { clockSkewSec: serverSkew(e.$response?.headers, at), detail: redact(describe(error)).slice(0, 400) });
  } finally {
    client.destroy();
  }
}

function describe(error: unknown): string {
  const facts = errorFacts(error);
  return facts.status !== null ? `${facts.code} (HTTP ${facts.status}): ${facts.message}` : `${facts.code}: ${facts.message}`;
}

function serverSkew(headers: Record<string, string> | undefined, local: Date): number | null {
  const date = headers?.date ?? headers?.Date;
  if (!date) return null;
  const server = Date.parse(date);
  return Number.isNaN(server) ? null : Math.round((server - local.getTime()) / 1000);
}

export function diagnose(error: unknown, profile: Profile, at: Date): { cause: ProfileTestCause; message: string } {
  const facts = errorFacts(error);
  const endpoint = profile.endpoint ?? `AWS S3 (${profile.region})`;
  const host = profile.endpoint ? safeHost(profile.endpoint) : `s3.${profile.region}.amazonaws.com`;
  if (facts.origin === 'network') {
    if (facts.code === 'ENOTFOUND' || facts.code === 'EAI_AGAIN') {
      return { cause: 'dns', message: `The endpoint's host name "${host}" cannot be resolved (DNS ${facts.code}). Check the endpoint URL for a typo, and that this computer is online.` };
    }
    if (facts.code === 'ECONNREFUSED') {
      return { cause: 'connection-refused', message: `${endpoint} refused the connection (nothing listens there). Check the endpoint's port and scheme (http/https), and that the service is running.` };
    }
    if (facts.code === 'ETIMEDOUT' || facts.code === 'TimeoutError' || facts.code === 'ECONNRESET' || facts.code === 'ENETUNREACH' || facts.code === 'EHOSTUNREACH') {
      return { cause: 'timeout', message: `${endpoint} did not answer (${facts.code}). Check the endpoint, the network, and any firewall or proxy in between.` };
    }
    if (/^(EPROTO|ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(facts.code)) {
      return {
        cause: 'tls',
        message: `The TLS handshake with ${endpoint} failed (${facts.code}). The endpoint may speak plain http (use http://), present a certificate this computer does not trust, or a proxy may intercept it.`,
      };
    }
    return { cause: 'unknown', message: `Could not reach ${endpoint} (${facts.code}: ${facts.message}).` };
  }
  if (profile.objectLock && isMissingObjectLock(facts)) {
    return {
      cause: 'object-lock',
      message:
        `The destination asks for ${profile.objectLock.mode} retention, but bucket "${profile.bucket}" has no Object Lock configuration (${facts.code}: ${facts.message}). ` +
        'Object Lock can only be turned on for a bucket made with it (aws s3api create-bucket --object-lock-enabled-for-bucket, mc mb --with-lock): ask the bucket owner, or turn retention off for this destination.',
    };
  }
  if (profile.objectLock && facts.code === 'AccessDenied') {
    return {
      cause: 'object-lock',
      message:
        `Writing with ${profile.objectLock.mode} retention to bucket "${profile.bucket}" was refused (AccessDenied). A locked write needs s3:PutObjectRetention as well as s3:PutObject ` +
        `on arn:aws:s3:::${profile.bucket}/${profile.prefixTemplate.split('{')[0]}* (see docs/evidence.md). Ask the bucket owner to add it, or turn retention off.`,
    };
  }
  switch (facts.code) {
    case 'RequestTimeTooSkewed': {
      const e = error as { $response?: { headers?: Record<string, string> } };
      const skew = serverSkew(e.$response?.headers, at);
      const by = skew === null ? 'by more than 15 minutes' : `by ${Math.abs(Math.round(skew / 60))} minutes (${skew > 0 ? 'behind' : 'ahead of'} the server)`;
      return { cause: 'clock-skew', message: `This computer's clock is off ${by}, so the storage service rejects its signatures. Set the system clock (enable network time), then test again.` };
    }
    case 'InvalidAccessKeyId':
      return { cause: 'wrong-access-key', message: `The storage service does not know the access key id "${profile.accessKeyId}". Check it for typos, or ask the bucket owner whether the key was disabled or deleted.` };
    case 'SignatureDoesNotMatch':
      return {
        cause: 'wrong-secret',
        message: `The secret does not match access key "${profile.accessKeyId}" (the signature was rejected). Store the correct secret: Replace secret on the Destinations page, or \`fieldtape profile secret ${profile.name} --secret-stdin\`${profile.secretSource.kind === 'env' ? ` (this profile reads it from $${profile.secretSource.variable})` : ''}.`,
      };
    case 'NoSuchBucket':
      return { cause: 'no-such-bucket', message: `The bucket "${profile.bucket}" does not exist at ${endpoint}. Check the bucket name.` };
    case 'AccessDenied':
      return {
        cause: 'access-denied',
        message:
          `The credentials are valid, but writing to bucket "${profile.bucket}" was refused (AccessDenied). Either the bucket "${profile.bucket}" does not exist — ` +
          'write-only credentials cannot tell — or the policy lacks s3:PutObject on ' +
          `arn:aws:s3:::${profile.bucket}/${profile.prefixTemplate.split('{')[0]}*. Check the bucket name, then the policy.`,
      };
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException':
    case 'InvalidRegion': {
      const expected = /expecting '([^']+)'/.exec(facts.message)?.[1] ?? (error as { Region?: string }).Region;
      return { cause: 'wrong-region', message: `The bucket is not in region "${profile.region}"${expected ? `; the service says it is in "${expected}"` : ''}. Correct the profile's region (or endpoint).` };
    }
    case 'KMS.NotFoundException':
    case 'KMS.DisabledException':
    case 'InvalidEncryptionAlgorithmError':
    case 'NotImplemented':
    case 'InvalidStorageClass':
      return {
        cause: 'encryption',
        message: `The storage service refused the profile's encryption or storage class (${facts.code}: ${facts.message}). Check the KMS key id and the storage classes (S3-compatible services often know only STANDARD: choose the bucket default), or turn encryption off.`,
      };
    default:
      if (facts.status !== null && !/^[A-Z][A-Za-z.]+$/.test(facts.code)) {
        return { cause: 'wrong-endpoint', message: `${endpoint} answered HTTP ${facts.status} but not like S3 does. Check the endpoint URL: it must be the S3 API address, not a web console or another service.` };
      }
      if (facts.code === 'HTTP404' || facts.code === 'NotFound' || facts.code === 'UnknownError' || facts.code === 'Unknown') {
        return { cause: 'wrong-endpoint', message: `${endpoint} answered HTTP ${facts.status} but not like S3 does. Check the endpoint URL: it must be the S3 API address, not a web console or another service.` };
      }
      return { cause: 'unknown', message: `The storage service refused the probe (${facts.code}, HTTP ${facts.status}): ${facts.message}` };
  }
}

/** AWS: InvalidRequest "Bucket is missing Object Lock Configuration"; MinIO: "…missing ObjectLockConfiguration". */
export function isMissingObjectLock(facts: { code: string; message: string }): boolean {
  return (facts.code === 'InvalidRequest' || facts.code === 'InvalidBucketState') && /object ?lock/i.test(facts.message);
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}
