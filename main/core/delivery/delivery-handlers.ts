// The contract's delivery.* and profile.* channels, mapped onto the delivery module. Profiles cross the
// boundary as stored — which never includes a secret.
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/router';
import type { DeliveryModule } from './delivery-module';

type DeliveryChannels = Pick<
  Handlers,
  'delivery.list' | 'delivery.get' | 'delivery.retry' | 'delivery.cancel' | 'delivery.nudge' | 'profile.list' | 'profile.activate' | 'profile.test'
>;

export function createDeliveryHandlers(m: DeliveryModule): DeliveryChannels {
  return {
    'delivery.list': (req) => m.service.list(req.limit),
    'delivery.get': (req) => m.service.get(req.recordingId),
    'delivery.retry': (req) => {
      if (!m.service.get(req.recordingId) && !m.service.ensure(req.recordingId)) {
        throw new AppError('NOT_FOUND', `Recording ${req.recordingId} has no delivery: it is not finished, or not bound to a profile.`);
      }
      return m.service.retryNow(req.recordingId);
    },
    'delivery.cancel': (req) => m.service.cancel(req.recordingId),
    'delivery.nudge': (req) => ({ nudged: m.service.nudge(req.reason) }),
    'profile.list': () => m.profiles.list(),
    'profile.activate': (req) => m.profiles.activate(req.name),
    'profile.test': (req) => m.testProfile(req.name),
  };
}
