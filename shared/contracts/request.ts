// One request channel of the contract: its request and reply schemas and its size ceiling.
import type { z } from 'zod';

/** Default ceiling for one request payload. Channels that carry media raise it explicitly. */
export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

export interface RequestSpec<Req extends z.ZodType, Rep extends z.ZodType> {
  request: Req;
  reply: Rep;
  maxBytes: number;
}

export function request<Req extends z.ZodType, Rep extends z.ZodType>(
  requestSchema: Req,
  reply: Rep,
  maxBytes = DEFAULT_MAX_REQUEST_BYTES,
): RequestSpec<Req, Rep> {
  return { request: requestSchema, reply, maxBytes };
}
