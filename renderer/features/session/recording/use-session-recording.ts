// Connects the session's recording controller to React: one controller per Room, attached with the
// exact inverse on cleanup, and its snapshot read with useSyncExternalStore.
import type { Room } from 'livekit-client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SessionProfile } from '../../../../shared/domain/session';
import type { AnnotationStore } from '../../annotations/annotation-store';
import { SessionRecordingController } from './recording-controller';
import type { SessionRecordingView } from './recording-view';

export function useSessionRecording(room: Room, annotations: AnnotationStore, profile: SessionProfile | null): { controller: SessionRecordingController; view: SessionRecordingView } {
  const [controller] = useState(() => new SessionRecordingController(room, annotations));
  useEffect(() => controller.attach(), [controller]);
  useEffect(() => {
    if (profile) controller.setProfile(profile);
  }, [controller, profile]);
  const view = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  return { controller, view };
}
