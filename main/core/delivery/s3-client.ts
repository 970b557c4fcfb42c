// One S3 client per profile and secret. Retries are ours (retry-policy.ts), so the SDK makes exactly one
// attempt per request; a stalled socket is cut after stallTimeoutMs of silence, not after a fixed time,
// so a large part on a slow link is not mistaken for a stall.
import { S3Client } from '@aws-sdk/client-s3';
import http from 'node:http';
import https from 'node:https';
import type { Profile } from '../../../shared/domain/profile';

export interface S3ClientOptions {
  /** Silence on the socket for this long ends the request (a stall). */
  stallTimeoutMs: number;
  connectTimeoutMs: number;
  /** Concurrent sockets per client. */
  maxSockets: number;
}

export const DEFAULT_S3_CLIENT_OPTIONS: S3ClientOptions = { stallTimeoutMs: 60_000, connectTimeoutMs: 10_000, maxSockets: 16 };

export type S3ClientFactory = (profile: Profile, secret: string) => S3Client;

export function createS3ClientFactory(options: Partial<S3ClientOptions> = {}): S3ClientFactory {
  const o = { ...DEFAULT_S3_CLIENT_OPTIONS, ...options };
  return (profile, secret) =>
    new S3Client({
      ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
      region: profile.region,
      forcePathStyle: profile.forcePathStyle,
      credentials: { accessKeyId: profile.accessKeyId, secretAccessKey: secret },
      maxAttempts: 1,
      // Our own SHA-256 part checksums are sent explicitly; the SDK adds nothing of its own.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Options for the SDK's own NodeHttpHandler (no direct dependency on @smithy packages).
      requestHandler: {
        connectionTimeout: o.connectTimeoutMs,
        socketTimeout: o.stallTimeoutMs,
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: o.maxSockets }),
        httpsAgent: new https.Agent({ keepAlive: true, maxSockets: o.maxSockets }),
      },
    });
}
