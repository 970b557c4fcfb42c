// Delivery profiles provided by IT's policy, for the delivery code (main/core/config/profiles*.ts) to
// merge with the user's own. Every field the policy sets is locked; a field it leaves out keeps the
// delivery default and stays the technician's. The secret is never in the policy: it comes from the
// machine-wide environment variable the profile names (secretEnv), or from the system keychain.
import type { ProfileSettings, SecretSource } from '../../../shared/domain/profile';
import { registerSecretVariable } from '../secrets/child-env';
import { registerSecret } from '../secrets/redact';
import { POLICY_PROFILE_FIELDS, type PolicyProfile, type PolicyProfileField } from './policy-schema';
import type { PolicyState } from './policy';

export interface PolicyProvidedProfile {
  profile: PolicyProfile;
  /** Fields the user cannot change (names of ProfileSettings fields). */
  locked: PolicyProfileField[];
  /** Where the secret access key comes from, as the delivery model says it. */
  secretSource: SecretSource;
}

export interface PolicyProfiles {
  profiles: PolicyProvidedProfile[];
  /** The profile (by name) new recordings use unless the user picks another; null: the user's choice. */
  defaultProfile: string | null;
  /** false: only the policy's profiles may be used. */
  allowUserProfiles: boolean;
}

export function policyProfiles(state: PolicyState): PolicyProfiles {
  if (state.status !== 'valid') return { profiles: [], defaultProfile: null, allowUserProfiles: true };
  const { policy } = state;
  // Child processes (ffmpeg) must not inherit the variables that hold the policy profiles' secrets.
  for (const profile of policy.profiles ?? []) if (profile.secretEnv) registerSecretVariable(profile.secretEnv);
  return {
    profiles: (policy.profiles ?? []).map((profile) => ({
      profile,
      // The secret's source is always decided by the policy: its variable, or the keychain.
      locked: [...POLICY_PROFILE_FIELDS.filter((field) => profile[field] !== undefined), 'secretSource'],
      secretSource: profile.secretEnv ? { kind: 'env', variable: profile.secretEnv } : { kind: 'keychain' },
    })),
    defaultProfile: policy.defaultProfile ?? null,
    allowUserProfiles: policy.allowUserProfiles ?? true,
  };
}

/** The locked part of a policy profile as ProfileSettings fields, to lay over the delivery defaults. */
export function policyProfileSettings(entry: PolicyProvidedProfile): Partial<ProfileSettings> & Pick<ProfileSettings, 'name' | 'secretSource'> {
  const { profile } = entry;
  const settings: Partial<ProfileSettings> & Pick<ProfileSettings, 'name' | 'secretSource'> = { name: profile.name, secretSource: entry.secretSource };
  for (const field of POLICY_PROFILE_FIELDS) {
    if (profile[field] !== undefined) Object.assign(settings, { [field]: profile[field] });
  }
  return settings;
}

/**
 * The secret of a policy profile whose secret lives in an environment variable, or null (unset, or the
 * profile uses the keychain). The value is registered with the redactor before anyone can log it.
 */
export function policyProfileSecretFromEnv(entry: PolicyProvidedProfile, env: NodeJS.ProcessEnv = process.env): string | null {
  if (entry.secretSource.kind !== 'env') return null;
  const value = env[entry.secretSource.variable];
  if (value === undefined || value === '') return null;
  registerSecret(value);
  return value;
}
