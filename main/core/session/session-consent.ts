// IT's `requireConsent`, enforced by the engine rather than by the renderer's own setting: a session
// recording (recording.start with a sessionId) starts only once the audit chain holds a notice for that
// session, i.e. a remote participant's app has shown the recording notice ('consent.shown') or its user
// acknowledged it ('consent.acknowledged'), as session.consent records them. The renderer cannot turn
// this off: the session profile it reads says requireRemoteNotice (so its notice flow runs), and a
// session.configure that turns the notice off is refused while the policy requires it.
import { AppError } from '../../../shared/errors';
import type { SessionProfile } from '../../../shared/domain/session';
import type { AuditLog } from '../audit/audit-log';
import type { RecordingService } from '../recording/recording-service';
import type { SessionProfileStore } from './session-profile-store';

/** Consent events that show the remote side was notified. */
export const NOTIFIED_EVENTS: ReadonlySet<string> = new Set(['consent.shown', 'consent.acknowledged']);

/** The label of the renderer's own switch (renderer/features/session/ProfileForm.tsx), named in messages. */
export const NOTICE_SETTING_LABEL = 'Recording may start only after every participant has been notified';

export function sessionWasNotified(audit: Pick<AuditLog, 'list'>, sessionId: string): boolean {
  return audit.list({ sessionId }).some((event) => NOTIFIED_EVENTS.has(event.type));
}

export function consentRequiredError(sessionId: string): AppError {
  return new AppError(
    'MANAGED_BY_POLICY',
    `Recording did not start: your organisation's policy requires the other participants to be notified before a session is recorded, ` +
      `and no participant of session ${sessionId} has been shown the recording notice yet. ` +
      `Keep "${NOTICE_SETTING_LABEL}" on in the session profile (the policy keeps it on), wait until the other side has joined, and press Start again.`,
  );
}

/** The recording service with the consent rule in front of create (unchanged when the policy does not require it). */
export function enforceSessionConsent(service: RecordingService, options: { required: boolean; audit: Pick<AuditLog, 'list'> }): RecordingService {
  if (!options.required) return service;
  return {
    ...service,
    create: async (create) => {
      const sessionId = create.sessionId ?? null;
      if (sessionId !== null && !sessionWasNotified(options.audit, sessionId)) throw consentRequiredError(sessionId);
      return service.create(create);
    },
  };
}

/** The session profile as the policy shapes it: the notice is on and stays on. */
export function withPolicyConsent(store: SessionProfileStore, required: boolean): SessionProfileStore {
  if (!required) return store;
  const overlay = (profile: SessionProfile): SessionProfile => ({ ...profile, requireRemoteNotice: true });
  return {
    get: () => overlay(store.get()),
    update(change) {
      if (change.requireRemoteNotice === false) {
        throw new AppError(
          'MANAGED_BY_POLICY',
          `"${NOTICE_SETTING_LABEL}" is required by your organisation's policy (requireConsent) and cannot be turned off here. Ask IT to change the policy.`,
        );
      }
      return overlay(store.update(change));
    },
  };
}
