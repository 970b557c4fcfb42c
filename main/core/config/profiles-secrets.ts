// Where a profile's S3 secret comes from: the OS keychain (account "s3-profile:<id>"), or an environment
// variable the profile names (headless use; then it is never stored). Whatever is read is registered with
// the redactor at once, so it cannot reach a log line or an error message.
import type { Profile } from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../secrets/keychain';
import { registerSecret } from '../secrets/redact';

export const keychainAccount = (profile: Pick<Profile, 'id'>): string => `s3-profile:${profile.id}`;

export interface ProfileSecrets {
  /** The secret, or throws UNAUTHORIZED saying where it was looked for. */
  resolve(profile: Profile): Promise<string>;
  store(profile: Profile, secret: string): Promise<void>;
  forget(profile: Profile): Promise<void>;
}

export function createProfileSecrets(keychain: SecretStore, env: NodeJS.ProcessEnv): ProfileSecrets {
  return {
    async resolve(profile) {
      if (profile.secretSource.kind === 'env') {
        const value = env[profile.secretSource.variable];
        if (!value) {
          throw new AppError(
            'UNAUTHORIZED',
            `The secret for profile "${profile.name}" is read from the environment variable ${profile.secretSource.variable}, which is not set in this process. Set it and retry.`,
          );
        }
        registerSecret(value);
        return value;
      }
      const secret = await keychain.get(keychainAccount(profile));
      if (!secret) {
        throw new AppError(
          'UNAUTHORIZED',
          `The system keychain holds no secret for profile "${profile.name}". Store it: Replace secret on the Destinations page, or \`fieldtape profile secret ${profile.name} --secret-stdin\`.`,
        );
      }
      return secret;
    },
    async store(profile, secret) {
      registerSecret(secret);
      await keychain.set(keychainAccount(profile), secret);
    },
    async forget(profile) {
      if (profile.secretSource.kind === 'keychain') await keychain.delete(keychainAccount(profile));
    },
  };
}
