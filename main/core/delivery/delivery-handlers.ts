// The contract's delivery.* and profile.* channels, mapped onto the delivery module. Profiles cross the
// boundary as stored — which never includes a secret. profile.* changes go through the same ProfileAdmin
// the `fieldtape profile` command uses; a secret goes from the request straight to the keychain.
import type { Profile } from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/router';
import type { DeliveryModule } from './delivery-module';

type DeliveryChannels = Pick<
  Handlers,
  | 'delivery.list'
  | 'delivery.get'
  | 'delivery.retry'
  | 'delivery.cancel'
  | 'delivery.nudge'
  | 'profile.list'
  | 'profile.activate'
  | 'profile.test'
  | 'profile.save'
  | 'profile.remove'
  | 'profile.setSecret'
>;

export function createDeliveryHandlers(m: DeliveryModule): DeliveryChannels {
  const activateIf = (profile: Profile, activate: boolean | undefined): Profile => (activate && !profile.active ? m.profiles.activate(profile.name) : profile);
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
    'profile.save': async (req) =>
      req.isNew
        ? m.admin.add(req.settings, req.activate === undefined ? {} : { activate: req.activate })
        : activateIf(m.admin.update(req.settings.name, req.settings), req.activate),
    'profile.remove': async (req) => {
      const { removed, keychainProblem } = await m.admin.remove(req.name);
      return { removed: removed.name, keychainProblem };
    },
    'profile.setSecret': async (req) => {
      const profile = await m.admin.setSecret(req.name, req.secret);
      return { profile: profile.name, stored: true as const };
    },
  };
}
