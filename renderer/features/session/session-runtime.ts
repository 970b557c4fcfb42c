// The session's long-lived objects: one Room, its annotations and its recording controller per page.
// They live outside React so that, after a renderer crash or reload, the recording can resume before the
// app has rendered: main.tsx calls resumeRecordingAtLaunch() first, which starts the recorders (their
// canvases show "Rejoining the session…" until the room is back). Every render moment saved is media
// kept: the e2e test allows 2 s between the old page's last chunk and the new page's first frame.
import { loadPersistedSession } from '../../lib/session-persistence';
import { AnnotationStore } from '../annotations/annotation-store';
import { SessionRecordingController } from './recording/recording-controller';
import { SessionClock } from './session-clock';
import { createSessionRoom } from './use-session-room';

export interface SessionRuntime {
  room: ReturnType<typeof createSessionRoom>;
  annotations: AnnotationStore;
  controller: SessionRecordingController;
  clock: SessionClock;
}

let runtime: SessionRuntime | null = null;

export function sessionRuntime(): SessionRuntime {
  if (!runtime) {
    const room = createSessionRoom();
    const clock = new SessionClock();
    const annotations = new AnnotationStore(undefined, clock);
    runtime = { room, annotations, clock, controller: new SessionRecordingController(room, annotations, clock) };
  }
  return runtime;
}

/** After a reload during a recording: resume it now, as new segments. The page rejoins the room later. */
export function resumeRecordingAtLaunch(): void {
  const saved = loadPersistedSession()?.recording;
  if (saved) sessionRuntime().controller.resume(saved);
}
