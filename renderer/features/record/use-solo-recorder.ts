// Reads the page's solo recorder (solo-recorder.ts) into React: its snapshot with useSyncExternalStore,
// and the elapsed time, re-read twice a second while a recording runs.
import { useSyncExternalStore } from 'react';
import { useNow } from '../../lib/use-now';
import { soloRecorder, type SoloRecorder } from './solo-recorder';
import { elapsedMs, isSoloLive, type SoloState } from './solo-state';

export function useSoloRecorder(): { recorder: SoloRecorder; state: SoloState; elapsed: number; live: boolean } {
  const recorder = soloRecorder();
  const state = useSyncExternalStore(recorder.subscribe, recorder.getSnapshot);
  const now = useNow(500, state.phase === 'recording');
  return { recorder, state, elapsed: elapsedMs(state, Math.max(now, state.runStartedAt ?? 0)), live: isSoloLive(state) };
}
