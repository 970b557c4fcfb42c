// Turns whatever an upload threw (an S3 service error, a socket error, one of our own AppErrors) into the
// plain ErrorFacts the retry policy classifies, and into the message a user is shown. Nothing here ever
// includes request headers, so a signature or a secret cannot leak through an error.
import { AppError, type AppErrorData, type ErrorCode } from '../../../shared/errors';
import { redact } from '../secrets/redact';
import type { Decision, ErrorFacts } from './retry-policy';

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown; headers?: Record<string, unknown> };
}

export function errorFacts(error: unknown): ErrorFacts {
  if (error instanceof AppError) return { origin: 'local', code: error.code, status: null, retryAfterSec: null, message: error.message };
  const e = (error ?? {}) as SdkLikeError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const status = numberOrNull(e.$metadata?.httpStatusCode) ?? numberOrNull(e.$response?.statusCode);
  const errno = typeof e.code === 'string' ? e.code : typeof (e.cause as SdkLikeError | undefined)?.code === 'string' ? ((e.cause as SdkLikeError).code as string) : null;
  if (status === null || errno) {
    // No HTTP answer: a socket, DNS, TLS or timeout failure.
    const code = errno ?? (e.name === 'TimeoutError' ? 'ETIMEDOUT' : /socket hang up/i.test(message) ? 'ECONNRESET' : typeof e.name === 'string' ? e.name : 'UNKNOWN');
    return { origin: 'network', code: tlsCode(code, message), status: null, retryAfterSec: null, message };
  }
  const code = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' && e.name !== 'Error' ? e.name : `HTTP${status}`;
  const headers = e.$response?.headers ?? {};
  const retryAfter = headers['retry-after'] ?? headers['Retry-After'];
  return { origin: 's3', code: code === 'Unknown' ? headerCode(headers) ?? `HTTP${status}` : code, status, retryAfterSec: parseRetryAfter(retryAfter), message };
}

/** A HEAD reply has no body; MinIO repeats the error code in a header. */
function headerCode(headers: Record<string, unknown>): string | null {
  const value = headers['x-minio-error-code'] ?? headers['x-amz-error-code'];
  return typeof value === 'string' ? value : null;
}

function tlsCode(code: string, message: string): string {
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code) || (code === 'EPROTO' && /SSL|TLS/i.test(message))) return code === 'EPROTO' ? 'EPROTO' : code;
  return code;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function parseRetryAfter(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

export interface ExplainContext {
  profile: string;
  bucket: string;
  endpoint: string | null;
  key?: string;
}

/** The AppError a user sees for a failed delivery attempt: what happened and what they can do. */
export function explain(facts: ErrorFacts, decision: Decision, ctx: ExplainContext): AppErrorData {
  const where = ctx.endpoint ? `${ctx.endpoint} (bucket "${ctx.bucket}")` : `bucket "${ctx.bucket}"`;
  const detail = redact(facts.origin === 's3' ? `S3 ${facts.code} (HTTP ${facts.status}): ${facts.message}` : `${facts.code}: ${facts.message}`).slice(0, 500);
  const make = (code: ErrorCode, message: string): AppErrorData => ({ code, message, detail });
  if (facts.origin === 'local') return { code: facts.code as ErrorCode, message: facts.message };
  switch (decision.kind) {
    case 'wait-for-network':
      return make('IO_ERROR', `No network: ${where} cannot be reached (${facts.code}). Delivery continues as soon as the network is back.`);
    case 'slow-down':
      return make('IO_ERROR', `The storage service asked Fieldtape to slow down (${facts.code}); it will send more slowly.`);
    case 'restart-upload':
      return make('CONFLICT', `The bucket no longer knows the upload in progress (${facts.code}); it is started again (the bucket's lifecycle rule removes the old parts).`);
    case 'pause':
      return make('UNAUTHORIZED', credentialsMessage(facts.code, ctx));
    case 'fail-permanently':
      return make(facts.code === 'NoSuchBucket' ? 'NOT_FOUND' : 'INVALID_REQUEST', permanentMessage(facts, ctx, where));
    default:
      if (facts.code === 'RequestTimeTooSkewed') return make('IO_ERROR', "This computer's clock differs too much from the storage service's. Fieldtape corrects for it; if this persists, set the system clock.");
      if (facts.origin === 'network') return make('IO_ERROR', `The connection to ${where} failed (${facts.code}). Fieldtape will try again.`);
      return make('IO_ERROR', `The storage service had a problem (${facts.code}, HTTP ${facts.status}). Fieldtape will try again.`);
  }
}

function credentialsMessage(code: string, ctx: ExplainContext): string {
  const fix = `Update the profile's secret or ask the bucket owner, then press Retry (\`fieldtape deliver ID\`).`;
  if (code === 'InvalidAccessKeyId') return `The bucket does not know the access key of profile "${ctx.profile}" (InvalidAccessKeyId): it was disabled, deleted or rotated. ${fix}`;
  if (code === 'SignatureDoesNotMatch') return `The bucket rejected the secret of profile "${ctx.profile}" (SignatureDoesNotMatch): the secret is wrong or was rotated. ${fix}`;
  if (code === 'ExpiredToken' || code === 'TokenRefreshRequired' || code === 'InvalidToken') return `The credentials of profile "${ctx.profile}" have expired (${code}). ${fix}`;
  if (code === 'AccessDenied') {
    return `The bucket refused to let profile "${ctx.profile}" write to "${ctx.bucket}" (AccessDenied): the write permission (s3:PutObject) was removed or does not cover this key, or the user was disabled. ${fix}`;
  }
  return `The credentials of profile "${ctx.profile}" were refused (${code}). ${fix}`;
}

function permanentMessage(facts: ErrorFacts, ctx: ExplainContext, where: string): string {
  switch (facts.code) {
    case 'NoSuchBucket':
      return `The bucket "${ctx.bucket}" does not exist at ${ctx.endpoint ?? 'AWS'}. Correct the profile's bucket, then retry.`;
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException':
      return `The bucket "${ctx.bucket}" is in another region than profile "${ctx.profile}" says (${facts.code}: ${facts.message}). Correct the region, then retry.`;
    case 'EntityTooLarge':
      return `The object is larger than ${where} accepts (EntityTooLarge).`;
    case 'InvalidRequest':
      if (/object ?lock/i.test(facts.message)) {
        return `Profile "${ctx.profile}" asks for Object Lock retention, but bucket "${ctx.bucket}" has no Object Lock configuration (${facts.message}). Turn retention off for this destination, or deliver to a bucket made with Object Lock, then retry.`;
      }
      return `${where} refused the upload (${facts.code}${facts.status ? `, HTTP ${facts.status}` : ''}): ${facts.message}. Check the profile (\`fieldtape profile test ${ctx.profile}\`), then retry.`;
    default:
      return `${where} refused the upload (${facts.code}${facts.status ? `, HTTP ${facts.status}` : ''}): ${facts.message}. Check the profile (\`fieldtape profile test ${ctx.profile}\`), then retry.`;
  }
}
