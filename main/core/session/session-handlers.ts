// The contract's session.* channels, mapped onto the audit log, the annotation sidecars, the token
// endpoint and the session profile.
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/router';
import type { RecordingService } from '../recording/recording-service';
import { createAnnotationSidecarStore } from './annotation-sidecar';
import type { SessionProfileStore } from './session-profile-store';
import { requestSessionToken } from './token-endpoint';

type SessionChannels = Pick<Handlers, 'session.consent' | 'session.annotations' | 'session.token' | 'session.profile' | 'session.configure' | 'session.presence'>;

const CONSENT_EVENTS = {
  shown: 'consent.shown',
  acknowledged: 'consent.acknowledged',
  'participant-left': 'consent.participant-left',
} as const;

export interface SessionHandlerDeps {
  audit: AuditLog;
  recordings: RecordingService;
  profile: SessionProfileStore;
  /** Tells the engine's listeners (the updater's activity tracker) that a window joined or left a session. */
  presence(room: string, live: boolean): void;
  fetch?: typeof fetch;
}

export function createSessionHandlers(deps: SessionHandlerDeps): SessionChannels {
  const sidecars = createAnnotationSidecarStore({
    fileFor: (id) => {
      deps.recordings.get(id); // NOT_FOUND for an unknown recording
      return deps.recordings.paths(id).annotations;
    },
    assertWritable: (id) => {
      const state = deps.recordings.get(id).state;
      if (state === 'ready' || state === 'failed' || state === 'finalizing') {
        throw new AppError('CONFLICT', `Recording ${id} is ${state}; its annotations can no longer change.`);
      }
    },
  });
  return {
    'session.consent': (req) => {
      if (req.recordingId) deps.recordings.get(req.recordingId);
      const event = deps.audit.append(CONSENT_EVENTS[req.kind], {
        sessionId: req.sessionId,
        recordingId: req.recordingId ?? null,
        data: { participant: req.participant, ...(req.name ? { name: req.name } : {}) },
      });
      return { seq: event.seq };
    },
    'session.annotations': (req) => sidecars.append(req.header, req.events),
    'session.token': (req, ctx) =>
      requestSessionToken(deps.profile.get().tokenEndpoint, req, { signal: ctx.signal, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
    'session.profile': () => deps.profile.get(),
    'session.configure': (req) => deps.profile.update(req),
    'session.presence': (req) => {
      deps.presence(req.room, req.live);
      return {};
    },
  };
}
