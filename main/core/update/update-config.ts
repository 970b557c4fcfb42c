// Whether this install updates itself, from where, and how: one pure function of the policy, how the
// app was installed, and whether the package carries a feed of its own (app-update.yml).
import type { UpdateFeed } from '../config/policy-schema';
import type { PolicyState } from '../config/policy';
import { SELF_UPDATING_KINDS, type InstallKind } from './install-kind';
import type { Ring } from './rollout';

export type UpdateOffReason = 'policy-invalid' | 'policy-off' | 'unpackaged' | 'installer-managed' | 'no-feed';

export type UpdateConfig =
  | { enabled: false; reason: UpdateOffReason; message: string }
  | {
      enabled: true;
      channel: string;
      /** null: the feed built into the package (app-update.yml). */
      feed: UpdateFeed | null;
      allowDowngrade: boolean;
      checkEveryMs: number;
      restart: 'when-idle' | 'on-quit';
      ring: Ring;
    };

export const DEFAULT_CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export function resolveUpdateConfig(input: { policy: PolicyState; install: InstallKind; hasBundledFeed: boolean }): UpdateConfig {
  const { policy, install } = input;
  if (policy.status === 'invalid') {
    // IT meant to manage this machine and we cannot tell how: installing a new version is the one step
    // that cannot be taken back, so it waits until the policy is fixed.
    return { enabled: false, reason: 'policy-invalid', message: 'Automatic updates are paused because the policy is invalid.' };
  }
  const updates = policy.status === 'valid' ? policy.policy.updates : undefined;
  if (updates?.enabled === false) {
    return { enabled: false, reason: 'policy-off', message: 'Automatic updates are turned off by your organisation\'s policy.' };
  }
  if (install === 'unpackaged') {
    return { enabled: false, reason: 'unpackaged', message: 'Automatic updates apply to installed builds only.' };
  }
  if (!SELF_UPDATING_KINDS.includes(install)) {
    return {
      enabled: false,
      reason: 'installer-managed',
      message: `This copy was installed ${install === 'msi' ? 'per machine (MSI)' : install === 'deb' ? 'as a deb package' : 'by a package manager'}; new versions arrive the same way.`,
    };
  }
  const feed = updates?.feed ?? null;
  if (feed === null && !input.hasBundledFeed) {
    return { enabled: false, reason: 'no-feed', message: 'No update feed is configured (policy updates.feed, or a build with a publish URL).' };
  }
  return {
    enabled: true,
    channel: updates?.channel ?? 'latest',
    feed,
    allowDowngrade: updates?.allowDowngrade ?? false,
    checkEveryMs: updates?.checkIntervalHours !== undefined ? updates.checkIntervalHours * 3_600_000 : DEFAULT_CHECK_EVERY_MS,
    restart: updates?.restart ?? 'when-idle',
    ring: updates?.ring ?? 'staged',
  };
}
