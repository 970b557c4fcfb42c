// Who is in the session, their microphone and camera state, who records, and (for the recording host)
// each participant's consent.
import { useParticipants } from '@livekit/components-react';
import { Track } from 'livekit-client';
import type { SessionRecordingView } from './recording/recording-view';
import { displayName } from './tiles';

export function ParticipantList({ recording }: { recording: SessionRecordingView }) {
  const participants = useParticipants();
  const consentLabel = { shown: 'notified', acknowledged: 'acknowledged', left: 'left' } as const;
  return (
    <section className="participants" aria-labelledby="participants-title">
      <h3 id="participants-title">Participants ({participants.length})</h3>
      <ul aria-label="Participants">
        {participants.map((p) => {
          const mic = p.getTrackPublication(Track.Source.Microphone);
          const cam = p.getTrackPublication(Track.Source.Camera);
          const consent = recording.consent[p.identity];
          return (
            <li key={p.identity}>
              <span className="participant-name">
                {displayName(p)}
                {p.isLocal ? ' (you)' : ''}
              </span>
              <span className="chip">{mic && !mic.isMuted ? 'mic on' : 'mic off'}</span>
              <span className="chip">{cam && !cam.isMuted ? 'camera on' : 'camera off'}</span>
              {recording.observed.active && recording.observed.host === p.identity && <span className="chip rec">recording</span>}
              {consent && <span className="chip">{consentLabel[consent]}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
