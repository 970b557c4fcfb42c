// Merges the delivery profiles IT's policy provides (policy-profiles.ts) into the profile store. Each policy
// profile exists in the store under its name; the fields the policy sets are laid over whatever is stored
// (locked), the others keep the delivery defaults or the technician's values. The policy's default profile
// becomes active when nothing is, and when technicians may not use profiles of their own, one of IT's is
// always the active one.
import { DEFAULT_KEY_TEMPLATE, DEFAULT_PROFILE_ARTIFACTS, type ProfileSettings } from '../../../shared/domain/profile';
import type { Logger } from '../log';
import { policyProfileSettings, type PolicyProfiles } from './policy-profiles';
import type { ProfileStore } from './profiles';

export function applyPolicyProfiles(store: ProfileStore, policy: PolicyProfiles, log: Logger): void {
  for (const entry of policy.profiles) {
    const locked = policyProfileSettings(entry);
    const existing = store.get(locked.name);
    const base: ProfileSettings = existing
      ? { ...existing }
      : {
          name: locked.name,
          endpoint: null,
          region: 'us-east-1',
          bucket: 'unset',
          prefixTemplate: DEFAULT_KEY_TEMPLATE,
          accessKeyId: 'unset',
          secretSource: { kind: 'keychain' },
          forcePathStyle: (locked.endpoint ?? null) !== null,
          artifacts: { ...DEFAULT_PROFILE_ARTIFACTS },
          storageClass: null,
          encryption: { mode: 'none' },
          tags: false,
        };
    const settings: ProfileSettings = { ...base, ...locked };
    try {
      if (existing) store.update(settings.name, settings);
      else store.add(settings, { activate: false, fromPolicy: true });
    } catch (error) {
      log.error('a policy profile could not be applied', { profile: settings.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const managed = new Set(policy.profiles.map((p) => p.profile.name));
  const active = store.active();
  const preferred = policy.defaultProfile ?? policy.profiles[0]?.profile.name ?? null;
  if (preferred && store.get(preferred) && (!active || (!policy.allowUserProfiles && !managed.has(active.name)))) {
    store.activate(preferred, { fromPolicy: true });
    log.info('policy profile made active', { profile: preferred });
  }
}
