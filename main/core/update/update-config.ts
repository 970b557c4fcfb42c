// Whether this install updates itself, from where, and how: one pure function of the policy, how the
// app was installed, the feed built into the package (app-update.yml) and the running version.
//
// An update is taken only when it can be verified against a publisher pinned by the build: on Windows
// the installer's Authenticode signature must name one of app-update.yml's publisherName entries (so a
// build that pins none does not self-update); on macOS Squirrel.Mac installs only an app whose code
// signature satisfies the running app's designated requirement. An AppImage carries no signature that
// electron-updater can check, so AppImages do not update themselves. Feeds are https only.
import type { UpdateFeed } from '../config/policy-schema';
import type { PolicyState } from '../config/policy';
import { SELF_UPDATING_KINDS, type InstallKind } from './install-kind';
import type { Ring } from './rollout';
import type { BundledFeedRead } from './update-feed';

export type UpdateOffReason = 'policy-invalid' | 'policy-off' | 'unpackaged' | 'installer-managed' | 'no-feed' | 'insecure-feed' | 'unverifiable';

/** How a downloaded update is checked before it may be installed. */
export type UpdateVerification = 'windows-publisher' | 'mac-code-signature';

export type UpdateConfig =
  | { enabled: false; reason: UpdateOffReason; message: string }
  | {
      enabled: true;
      channel: string;
      /** null: the feed built into the package (app-update.yml). */
      feed: UpdateFeed | null;
      /** The version running now; the feed must offer a newer one (downgrades are always refused). */
      currentVersion: string;
      verification: UpdateVerification;
      /** Windows: the certificate subjects an installer must be signed by (from app-update.yml). */
      publisherNames: string[];
      checkEveryMs: number;
      restart: 'when-idle' | 'on-quit';
      ring: Ring;
    };

export const DEFAULT_CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export interface UpdateConfigInput {
  policy: PolicyState;
  install: InstallKind;
  /** resources/app-update.yml as read by readBundledFeed; null when the package has none. */
  bundled: BundledFeedRead | null;
  currentVersion: string;
}

const off = (reason: UpdateOffReason, message: string): UpdateConfig => ({ enabled: false, reason, message });

export function resolveUpdateConfig(input: UpdateConfigInput): UpdateConfig {
  const { policy, install } = input;
  if (policy.status === 'invalid') {
    // IT meant to manage this machine and we cannot tell how: installing a new version is the one step
    // that cannot be taken back, so it waits until the policy is fixed.
    return off('policy-invalid', 'Automatic updates are paused because the policy is invalid.');
  }
  const updates = policy.status === 'valid' ? policy.policy.updates : undefined;
  if (updates?.enabled === false) return off('policy-off', 'Automatic updates are turned off by your organisation\'s policy.');
  if (install === 'unpackaged') return off('unpackaged', 'Automatic updates apply to installed builds only.');
  if (!SELF_UPDATING_KINDS.includes(install)) {
    return off(
      'installer-managed',
      `This copy was installed ${install === 'msi' ? 'per machine (MSI)' : install === 'deb' ? 'as a deb package' : 'by a package manager'}; new versions arrive the same way.`,
    );
  }
  if (install === 'appimage') {
    return off('unverifiable', 'AppImage updates carry no publisher signature that could be verified, so this copy does not update itself; install new versions the way you installed this one (or use the deb).');
  }
  const bundled = input.bundled;
  if (bundled && !bundled.ok) return off('insecure-feed', `Automatic updates are off: ${bundled.problem}.`);
  const publisherNames = bundled?.ok ? bundled.value.publisherNames : [];
  const bundledFeed = bundled?.ok && bundled.value.feed !== 'placeholder' ? bundled.value.feed : null;
  // The policy's feed was checked by the schema (https only); it takes precedence over the built-in one.
  const feed = updates?.feed ?? null;
  if (feed === null && bundledFeed === null) {
    return off('no-feed', 'No update feed is configured (policy updates.feed, or a build with a publish URL).');
  }
  const verification: UpdateVerification = install === 'mac' ? 'mac-code-signature' : 'windows-publisher';
  if (verification === 'windows-publisher' && publisherNames.length === 0) {
    return off('unverifiable', 'This build pins no code-signing publisher (publisherName in app-update.yml), so a downloaded installer could not be verified; automatic updates are off.');
  }
  return {
    enabled: true,
    channel: updates?.channel ?? 'latest',
    feed,
    currentVersion: input.currentVersion,
    verification,
    publisherNames,
    checkEveryMs: updates?.checkIntervalHours !== undefined ? updates.checkIntervalHours * 3_600_000 : DEFAULT_CHECK_EVERY_MS,
    restart: updates?.restart ?? 'when-idle',
    ring: updates?.ring ?? 'staged',
  };
}
