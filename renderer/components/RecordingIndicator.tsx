// The persistent red recording indicator with the elapsed time (role status, so it is announced politely).
import { formatElapsed } from '../lib/use-now';

export function RecordingIndicator({ elapsedMs, hostAway }: { elapsedMs: number; hostAway: boolean }) {
  const text = `Recording ${formatElapsed(elapsedMs)}${hostAway ? ' (recorder reconnecting)' : ''}`;
  return (
    <div role="status" aria-label={text} className="recording-indicator">
      <span className="recording-dot" aria-hidden="true" />
      {text}
    </div>
  );
}
