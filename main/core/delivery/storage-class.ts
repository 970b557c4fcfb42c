// Which storage class each object of a delivery is sent with. A profile may name one per kind of object
// (shared/domain/profile.ts StorageClasses); otherwise its single `storageClass` (older profiles, IT
// policies) applies to every object; otherwise none is sent and the bucket's default applies.
import type { Profile, StorageClass, StorageClassTarget } from '../../../shared/domain/profile';

/** The storage-class group an object of this kind belongs to; null: no group (annotations, manifest). */
export function storageClassTarget(kind: string): StorageClassTarget | null {
  if (kind === 'mp4' || kind === 'raw') return kind;
  if (kind === 'snapshot' || kind === 'filmstrip' || kind === 'waveform') return 'previews';
  return null;
}

/** A kind the profile names (null included: the bucket's default, on purpose) wins; one it leaves out falls back. */
export function storageClassFor(profile: Pick<Profile, 'storageClass' | 'storageClasses'>, kind: string): StorageClass | null {
  const target = storageClassTarget(kind);
  const own = target === null ? undefined : profile.storageClasses?.[target];
  return own !== undefined ? own : (profile.storageClass ?? null);
}
