// What a bucket owner does before `fieldtape verify FOLDER`: copy every object under a prefix into a folder,
// keeping each key's path (as `aws s3 cp --recursive` or `mc cp --recursive` would), with admin credentials.
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export async function downloadPrefix(client: S3Client, bucket: string, prefix: string, dir: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (const key of keys) {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const file = path.join(dir, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(await got.Body!.transformToByteArray()));
  }
  return keys.sort();
}
