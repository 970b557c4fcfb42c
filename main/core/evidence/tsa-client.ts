// Asks an RFC 3161 time-stamp authority to sign a digest: POST application/timestamp-query, expect
// application/timestamp-reply. A failure is thrown in a shape error-facts.ts already classifies like an S3
// one (no answer: a network error with its errno; an HTTP error: its status), so the delivery retry policy
// decides when to try again: a TSA that is down is retried on the delivery schedule.
import { acceptTimestampReply, timestampQuery, type TokenFacts } from './tsa-token';

export interface TimestampToken {
  der: Buffer;
  facts: TokenFacts;
}

const MAX_REPLY_BYTES = 256 * 1024;

/** An HTTP answer that is not a time-stamp reply; carries the status like an SDK error does. */
export class TsaHttpError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(status: number, message: string) {
    super(message);
    this.name = status >= 500 ? 'TsaUnavailable' : 'TsaRefused';
    this.$metadata = { httpStatusCode: status };
  }
}

export async function requestTimestamp(url: string, digest: Buffer, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<TimestampToken> {
  const query = timestampQuery(digest);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
    body: query.der,
    signal,
    redirect: 'error',
  });
  const type = response.headers.get('content-type') ?? '';
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new TsaHttpError(response.status, `The time-stamp authority at ${url} answered HTTP ${response.status}.`);
  if (!/^application\/timestamp-(reply|response)\b/i.test(type)) {
    throw new TsaHttpError(502, `The time-stamp authority at ${url} answered ${type || 'no content type'}, not application/timestamp-reply: check the TSA URL.`);
  }
  if (body.length > MAX_REPLY_BYTES) throw new TsaHttpError(502, `The time-stamp authority at ${url} sent a ${body.length}-byte reply, too large for a token.`);
  return { der: body, facts: acceptTimestampReply(body, digest, query) };
}
