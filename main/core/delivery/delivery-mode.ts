// Whether a recording bound to a destination is uploaded while it records ('instant') or after Stop. A
// destination may say so itself (new ones made in the app do); one that does not — every profile stored
// before destinations had the field — follows the global setting `deliveryMode`, as before.
import type { Profile, ProfileDeliveryMode } from '../../../shared/domain/profile';
import type { Settings } from '../../../shared/domain/settings';

export function effectiveDeliveryMode(profile: Pick<Profile, 'deliveryMode'> | null | undefined, settings: Pick<Settings, 'deliveryMode'>): ProfileDeliveryMode {
  return profile?.deliveryMode ?? settings.deliveryMode;
}
