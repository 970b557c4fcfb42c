// The session's long-lived objects: one Room, its annotations and its recording controller per page.
// They live outside React so that, after a renderer crash or reload, the recording can resume before the
// app has rendered: main.tsx calls resumeRecordingAtLaunch() first, which starts the recorders (their
// canvases show "Rejoining the session…" until the room is back). Every render moment saved is media
// kept: the e2e test allows 2 s between the old page's last chunk and the new page's first frame.
import { inviteFromSearch, parseInviteLink, type Invite } from '../../lib/invite';
import { loadPersistedSession } from '../../lib/session-persistence';
import { AnnotationStore } from '../annotations/annotation-store';
import { SessionRecordingController } from './recording/recording-controller';
import { SessionClock } from './session-clock';
import { createSessionEncryption, type SessionEncryption } from './session-encryption';
import { createSessionRoom } from './use-session-room';

export interface SessionRuntime {
  room: ReturnType<typeof createSessionRoom>;
  /** The end-to-end encryption the Room was built with (session-encryption.ts); null: none. */
  encryption: SessionEncryption | null;
  annotations: AnnotationStore;
  controller: SessionRecordingController;
  clock: SessionClock;
}

let runtime: SessionRuntime | null = null;

export function sessionRuntime(): SessionRuntime {
  if (!runtime) {
    const key = keyAtLoad();
    const encryption = key ? createSessionEncryption(key) : null;
    const room = createSessionRoom(encryption);
    const clock = new SessionClock();
    const annotations = new AnnotationStore(undefined, clock);
    runtime = { room, encryption, annotations, clock, controller: new SessionRecordingController(room, annotations, clock) };
  }
  return runtime;
}

/** The key the page's Room is built with: the session being resumed, else the invite in the page's URL. */
function keyAtLoad(): string | null {
  const saved = loadPersistedSession();
  if (saved) return saved.e2eeKey ?? null;
  const link = inviteFromSearch(window.location.search);
  const parsed = link ? parseInviteLink(link) : null;
  return parsed?.ok ? (parsed.invite.e2eeKey ?? null) : null;
}

/**
 * Whether this invite needs a Room built with another key (or with none). A Room's encryption is fixed
 * when it is made, so the Session screen then saves the invite and reloads the page, which builds the
 * Room for it and joins, as after any reload. Only ever before joining, never during a call.
 */
export function needsAnotherRoom(invite: Invite): boolean {
  return (invite.e2eeKey ?? null) !== (sessionRuntime().encryption?.key ?? null);
}

/** After a reload during a recording: resume it now, as new segments. The page rejoins the room later. */
export function resumeRecordingAtLaunch(): void {
  const saved = loadPersistedSession()?.recording;
  if (saved) sessionRuntime().controller.resume(saved);
}
