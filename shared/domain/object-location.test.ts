import { describe, expect, it } from 'vitest';
import { objectLocation, objectUrl, parseBucketLocation, s3Uri } from './object-location';

const key = 'acme/2026/03/04/rec_abc123def45/recording.mp4';

describe('object locations', () => {
  it('writes s3:// URIs with the key as it is', () => {
    expect(s3Uri('evidence', key)).toBe(`s3://evidence/${key}`);
  });

  it('builds AWS URLs virtual-hosted by default and path-style when asked', () => {
    expect(objectUrl({ bucket: 'evidence', endpoint: null, region: 'eu-west-1', forcePathStyle: false }, key)).toBe(`https://evidence.s3.eu-west-1.amazonaws.com/${key}`);
    expect(objectUrl({ bucket: 'evidence', endpoint: null, region: 'eu-west-1', forcePathStyle: true }, key)).toBe(`https://s3.eu-west-1.amazonaws.com/evidence/${key}`);
    // A dotted bucket does not match the wildcard certificate of virtual-hosted https.
    expect(objectUrl({ bucket: 'evidence.acme.com', endpoint: null, region: 'us-east-1', forcePathStyle: false }, key)).toBe(`https://s3.us-east-1.amazonaws.com/evidence.acme.com/${key}`);
  });

  it("follows an S3-compatible endpoint's scheme, port and path", () => {
    expect(objectUrl({ bucket: 'ft', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true }, key)).toBe(`http://127.0.0.1:9000/ft/${key}`);
    expect(objectUrl({ bucket: 'ft', endpoint: 'https://minio.example.com/', region: 'us-east-1', forcePathStyle: true }, key)).toBe(`https://minio.example.com/ft/${key}`);
    expect(objectUrl({ bucket: 'ft', endpoint: 'https://s3.example.com:8443/proxy/', region: 'x', forcePathStyle: true }, key)).toBe(`https://s3.example.com:8443/proxy/ft/${key}`);
    expect(objectUrl({ bucket: 'ft', endpoint: 'https://s3.wasabisys.com', region: 'us-east-1', forcePathStyle: false }, key)).toBe(`https://ft.s3.wasabisys.com/${key}`);
  });

  it('percent-encodes each folder of the key but keeps its slashes', () => {
    expect(objectUrl({ bucket: 'ft', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true }, 'a b/c+d/#1.mp4')).toBe('http://127.0.0.1:9000/ft/a%20b/c%2Bd/%231.mp4');
  });

  it('puts the pieces together and reads stored locations (or profile settings) back', () => {
    const where = { bucket: 'ft', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true };
    expect(objectLocation(where, 'k/x.mp4', true)).toEqual({ bucket: 'ft', key: 'k/x.mp4', s3Uri: 's3://ft/k/x.mp4', url: 'http://127.0.0.1:9000/ft/k/x.mp4', delivered: true });
    expect(parseBucketLocation(JSON.stringify({ ...where, accessKeyId: 'AKIA', prefixTemplate: '{recordingId}/{artifact}' }))).toEqual(where);
    expect(parseBucketLocation('{"bucket":"ft"}')).toBeNull();
    expect(parseBucketLocation('not json')).toBeNull();
    expect(parseBucketLocation(null)).toBeNull();
  });
});
