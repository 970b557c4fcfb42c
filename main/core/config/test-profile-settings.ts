// Used by tests only: a complete, valid profile for a local S3 endpoint (keychain secret, default key
// template and artifacts, nothing optional on), with `extra` overriding any field.
import { DEFAULT_KEY_TEMPLATE, DEFAULT_PROFILE_ARTIFACTS, type ProfileSettings } from '../../../shared/domain/profile';

export const testProfileSettings = (name: string, extra: Partial<ProfileSettings> = {}): ProfileSettings => ({
  name,
  endpoint: 'http://127.0.0.1:9000',
  region: 'us-east-1',
  bucket: 'evidence',
  prefixTemplate: DEFAULT_KEY_TEMPLATE,
  accessKeyId: 'AKIAEXAMPLE',
  secretSource: { kind: 'keychain' },
  forcePathStyle: true,
  artifacts: DEFAULT_PROFILE_ARTIFACTS,
  storageClass: null,
  encryption: { mode: 'none' },
  tags: false,
  ...extra,
});
