// The bar shown on every screen while a solo recording runs: the red indicator with the elapsed time,
// Pause/Resume, mute and Stop. It renders the recorder's state and nothing else.
import { formatElapsed } from '../../lib/use-now';
import { useSoloRecorder } from './use-solo-recorder';

export function ControlBar() {
  const { recorder, state, elapsed, live } = useSoloRecorder();
  if (!live) return null;
  const time = formatElapsed(elapsed);
  const text =
    state.phase === 'paused' ? `Recording paused at ${time}` : state.phase === 'stopping' ? `Recording stopped at ${time}: saving…` : state.phase === 'resuming' ? `Recording ${time}: resuming…` : `Recording ${time}`;
  return (
    <div className="control-bar" role="region" aria-label="Recording controls">
      <div role="status" aria-live="polite" className={`recording-indicator${state.phase === 'paused' ? ' paused' : ''}`}>
        <span className="recording-dot" aria-hidden="true" />
        {text}
      </div>
      {state.phase === 'paused' ? (
        <button type="button" onClick={() => void recorder.resume()}>
          Resume
        </button>
      ) : (
        <button type="button" onClick={() => recorder.pause()} disabled={state.phase !== 'recording'}>
          Pause
        </button>
      )}
      <button type="button" aria-pressed={state.muted} onClick={() => recorder.setMuted(!state.muted)} disabled={state.phase === 'stopping'}>
        {state.muted ? 'Unmute microphone' : 'Mute microphone'}
      </button>
      <button type="button" className="stop" onClick={() => void recorder.stop()} disabled={state.phase === 'stopping'}>
        Stop recording
      </button>
    </div>
  );
}
