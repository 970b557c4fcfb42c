// Microphone, camera and screen-share toggles (useTrackToggle from @livekit/components-react), the
// recording buttons and Leave.
import { useTrackToggle } from '@livekit/components-react';
import { Track } from 'livekit-client';
import type { SessionRecordingView } from './recording/recording-view';

export interface SessionControlsProps {
  recording: SessionRecordingView;
  me: string;
  mayRecord: boolean;
  onStartRecording(): void;
  onStopRecording(): void;
  onLeave(): void;
}

export function SessionControls({ recording, me, mayRecord, onStartRecording, onStopRecording, onLeave }: SessionControlsProps) {
  const mic = useTrackToggle({ source: Track.Source.Microphone });
  const camera = useTrackToggle({ source: Track.Source.Camera });
  const screen = useTrackToggle({ source: Track.Source.ScreenShare, captureOptions: { audio: true } });
  const { phase, observed } = recording;
  const someoneElse = observed.active && observed.host !== null && observed.host !== me;
  return (
    <div className="controls" role="toolbar" aria-label="Session controls">
      <button type="button" onClick={() => void mic.toggle()} disabled={mic.pending}>
        {mic.enabled ? 'Mute' : 'Unmute'}
      </button>
      <button type="button" onClick={() => void camera.toggle()} disabled={camera.pending}>
        {camera.enabled ? 'Turn camera off' : 'Turn camera on'}
      </button>
      <button type="button" onClick={() => void screen.toggle()} disabled={screen.pending}>
        {screen.enabled ? 'Stop sharing' : 'Share screen'}
      </button>
      {phase === 'recording' || phase === 'stopping' ? (
        <button type="button" className="danger" onClick={onStopRecording} disabled={phase === 'stopping'}>
          Stop recording
        </button>
      ) : (
        <button
          type="button"
          className="record"
          onClick={onStartRecording}
          disabled={!mayRecord || someoneElse || phase !== 'idle'}
          title={!mayRecord ? 'Your invite does not allow recording' : someoneElse ? `${observed.host} is recording` : undefined}
        >
          Start recording
        </button>
      )}
      <button type="button" onClick={onLeave}>
        Leave
      </button>
      {phase === 'notifying' && <span aria-live="polite">Waiting for every participant to be notified…</span>}
      {phase === 'starting' && <span aria-live="polite">Starting the recording…</span>}
      {phase === 'stopping' && <span aria-live="polite">Stopping and finalizing…</span>}
    </div>
  );
}
