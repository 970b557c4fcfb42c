// The delivery credentials a customer gives Fieldtape can only write: PutObject, including a whole multipart
// upload, works; reading, listing, deleting, ListParts and AbortMultipartUpload are refused. The bucket owner
// (admin) reads back exactly the bytes that were written. Real MinIO, started by test/services.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project (test/services/global-setup.ts)`);
  return value;
}

function client(key: string, secret: string): S3Client {
  return new S3Client({
    endpoint: env('FIELDTAPE_TEST_S3_ENDPOINT'),
    region: env('FIELDTAPE_TEST_S3_REGION'),
    forcePathStyle: true,
    credentials: { accessKeyId: key, secretAccessKey: secret },
    maxAttempts: 1,
  });
}

/** Runs `send` and returns the S3 error it must fail with. */
async function refusal(send: () => Promise<unknown>): Promise<S3ServiceException> {
  try {
    await send();
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('the request succeeded, but write-only credentials must be refused');
}

function expectAccessDenied(error: S3ServiceException, { head = false } = {}): void {
  expect(error.$metadata?.httpStatusCode).toBe(403);
  if (head) {
    // A HEAD response has no body, so the SDK cannot parse S3's error code (it names the error "Unknown");
    // MinIO repeats the code in a header.
    expect(error.$response?.headers?.['x-minio-error-code']).toBe('AccessDenied');
  } else {
    expect(error.name).toBe('AccessDenied');
  }
}

const MiB = 1024 * 1024;

describe('MinIO write-only delivery credentials', () => {
  const bucket = env('FIELDTAPE_TEST_S3_BUCKET');
  const prefix = `write-only-test/${randomUUID()}`;
  const writer = client(env('FIELDTAPE_TEST_S3_WRITER_KEY'), env('FIELDTAPE_TEST_S3_WRITER_SECRET'));
  const admin = client(env('FIELDTAPE_TEST_S3_ADMIN_KEY'), env('FIELDTAPE_TEST_S3_ADMIN_SECRET'));
  const small = { key: `${prefix}/small.bin`, body: randomBytes(64 * 1024) };
  const multipart = { key: `${prefix}/multipart.bin`, parts: [randomBytes(5 * MiB), randomBytes(1 * MiB + 123)] };
  const openUploads: Array<{ key: string; uploadId: string }> = [];

  beforeAll(async () => {
    await writer.send(new PutObjectCommand({ Bucket: bucket, Key: small.key, Body: small.body }));
  });

  afterAll(async () => {
    // The writer cannot abort its own uploads; the bucket owner cleans up.
    for (const { key, uploadId } of openUploads) {
      await admin.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => {});
    }
    for (const key of [small.key, multipart.key]) {
      await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => {});
    }
    writer.destroy();
    admin.destroy();
  });

  it('lets the writer PutObject, and the admin reads back identical bytes', async () => {
    const got = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: small.key }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(small.body)).toBe(true);
  });

  it('lets the writer run a whole multipart upload with only s3:PutObject', async () => {
    const { UploadId } = await writer.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: multipart.key }));
    expect(UploadId).toBeTruthy();
    const parts = [];
    for (const [index, body] of multipart.parts.entries()) {
      const { ETag } = await writer.send(
        new UploadPartCommand({ Bucket: bucket, Key: multipart.key, UploadId, PartNumber: index + 1, Body: body }),
      );
      expect(ETag).toBeTruthy();
      parts.push({ PartNumber: index + 1, ETag });
    }
    const done = await writer.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: multipart.key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    expect(done.ETag).toMatch(/-2"?$/);

    const got = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: multipart.key }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(Buffer.concat(multipart.parts))).toBe(true);
  });

  it('refuses GetObject, HeadObject, ListObjectsV2 and DeleteObject', async () => {
    expectAccessDenied(await refusal(() => writer.send(new GetObjectCommand({ Bucket: bucket, Key: small.key }))));
    expectAccessDenied(await refusal(() => writer.send(new HeadObjectCommand({ Bucket: bucket, Key: small.key }))), { head: true });
    expectAccessDenied(await refusal(() => writer.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))));
    expectAccessDenied(await refusal(() => writer.send(new DeleteObjectCommand({ Bucket: bucket, Key: small.key }))));

    // and the object is still there
    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: small.key }));
    expect(head.ContentLength).toBe(small.body.length);
  });

  it('refuses ListParts and AbortMultipartUpload on an upload the writer started', async () => {
    const key = `${prefix}/abandoned.bin`;
    const { UploadId } = await writer.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    openUploads.push({ key, uploadId: UploadId! });
    await writer.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: randomBytes(5 * MiB) }));

    expectAccessDenied(await refusal(() => writer.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }))));
    expectAccessDenied(await refusal(() => writer.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))));

    // the owner still sees the part the writer uploaded
    const listed = await admin.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    expect(listed.Parts?.map((p) => p.PartNumber)).toEqual([1]);
  });
});
