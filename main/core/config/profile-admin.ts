// What a person does to delivery profiles, whichever host they use (the `fieldtape profile` command or the
// Destinations page): add one (with its secret, all or nothing), change one, remove one with its keychain
// entry, store or replace a secret. The store (profiles.ts) keeps the rows; this adds the rules that
// belong to people rather than to IT's policy, so both hosts get the same behaviour from one place.
// A secret passes through here on its way to the keychain and is never returned, logged or put in an error.
import type { Profile, ProfileSettings } from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import type { ProfileSecrets } from './profiles-secrets';
import type { ProfileStore } from './profiles';

export interface ProfileAdminDeps {
  profiles: ProfileStore;
  secrets: ProfileSecrets;
  /** A profile or its secret changed: deliveries paused on refused credentials may try again now. */
  onChanged(): void;
}

export interface RemovedProfile {
  removed: Profile;
  /** Why the keychain entry could not be deleted (the profile is gone regardless), or null. */
  keychainProblem: string | null;
}

export interface ProfileAdmin {
  /** Adds a profile; with a secret, stores it in the keychain and takes the profile back out if that fails. */
  add(settings: ProfileSettings, options?: { activate?: boolean; secret?: string }): Promise<Profile>;
  /** Changes a technician's profile (not its name); IT's profiles are read-only here. */
  update(name: string, settings: ProfileSettings): Profile;
  remove(name: string): Promise<RemovedProfile>;
  /** Stores or replaces the keychain secret of a profile (IT's included) whose secret lives there. */
  setSecret(name: string, secret: string): Promise<Profile>;
}

/** Longest secret accepted: AWS's are 40 characters; S3-compatible services' are rarely over 128. */
export const MAX_SECRET_CHARS = 1024;

export function checkSecret(secret: string): string {
  if (secret.length === 0) throw new AppError('INVALID_REQUEST', 'Secret access key: it is empty. Paste the secret the bucket owner gave you.');
  if (secret.length > MAX_SECRET_CHARS) throw new AppError('INVALID_REQUEST', `Secret access key: it is longer than ${MAX_SECRET_CHARS} characters, which no storage service uses. Check what was pasted.`);
  if (/[\r\n]/.test(secret)) throw new AppError('INVALID_REQUEST', 'Secret access key: it contains a line break. Paste the secret on its own.');
  return secret;
}

export function createProfileAdmin(deps: ProfileAdminDeps): ProfileAdmin {
  const { profiles, secrets } = deps;

  return {
    async add(settings, options = {}) {
      const secret = options.secret === undefined ? null : checkSecret(options.secret);
      if (secret !== null && settings.secretSource.kind !== 'keychain') {
        throw new AppError('INVALID_REQUEST', `Profile "${settings.name}" reads its secret from $${settings.secretSource.variable}, so no secret is stored for it.`);
      }
      const profile = profiles.add(settings, options.activate === undefined ? {} : { activate: options.activate });
      if (secret !== null) {
        try {
          await secrets.store(profile, secret);
        } catch (error) {
          profiles.remove(profile.name);
          throw error instanceof AppError ? error : new AppError('IO_ERROR', `The secret could not be stored in the system keychain, so profile "${profile.name}" was not added. Check that the keychain is unlocked, then try again.`);
        }
      }
      deps.onChanged();
      return profiles.mustGet(profile.id);
    },
    update(name, settings) {
      const existing = profiles.mustGet(name);
      if (existing.managed) {
        throw new AppError('MANAGED_BY_POLICY', `Profile "${existing.name}" is managed by your organization; its settings can only be changed in IT's policy.`);
      }
      if (settings.name !== existing.name) {
        throw new AppError('INVALID_REQUEST', `name: a profile cannot be renamed ("${existing.name}" to "${settings.name}"); add a new one instead.`);
      }
      const updated = profiles.update(existing.name, settings);
      deps.onChanged();
      return updated;
    },
    async remove(name) {
      const removed = profiles.remove(name);
      let keychainProblem: string | null = null;
      try {
        await secrets.forget(removed);
      } catch (error) {
        keychainProblem = error instanceof Error ? error.message : String(error);
      }
      return { removed, keychainProblem };
    },
    async setSecret(name, secret) {
      const profile = profiles.mustGet(name);
      checkSecret(secret);
      if (profile.secretSource.kind !== 'keychain') {
        throw new AppError('INVALID_REQUEST', `Profile "${profile.name}" reads its secret from the environment variable $${profile.secretSource.variable}; set that variable instead.`);
      }
      await secrets.store(profile, secret);
      deps.onChanged();
      return profiles.mustGet(profile.id);
    },
  };
}
