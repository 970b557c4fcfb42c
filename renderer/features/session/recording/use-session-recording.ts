// Connects the session's recording controller (one per page, session-runtime.ts) to React: attached with
// the exact inverse on cleanup, and its snapshot read with useSyncExternalStore.
import { useEffect, useSyncExternalStore } from 'react';
import type { SessionProfile } from '../../../../shared/domain/session';
import type { SessionRecordingController } from './recording-controller';
import type { SessionRecordingView } from './recording-view';

export function useSessionRecording(controller: SessionRecordingController, profile: SessionProfile | null): { controller: SessionRecordingController; view: SessionRecordingView } {
  useEffect(() => controller.attach(), [controller]);
  useEffect(() => {
    if (profile) controller.setProfile(profile);
  }, [controller, profile]);
  const view = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  return { controller, view };
}
