// The session itself: recording banner and indicator, the stage, annotation tools, participant list,
// controls and, for the host, the recordings. Reads the Room through RoomContext.
import { RoomAudioRenderer, useRoomContext } from '@livekit/components-react';
import { RecordingBanner } from '../../components/RecordingBanner';
import { RecordingIndicator } from '../../components/RecordingIndicator';
import { useNow } from '../../lib/use-now';
import { AnnotationToolbar } from '../annotations/AnnotationToolbar';
import { ConnectionNotice } from './ConnectionNotice';
import { ParticipantList } from './ParticipantList';
import type { SessionRecordingController } from './recording/recording-controller';
import type { SessionRecordingView } from './recording/recording-view';
import { RecordingList } from './RecordingList';
import { SessionControls } from './SessionControls';
import { Stage } from './Stage';
import { displayName } from './tiles';

export interface InSessionProps {
  controller: SessionRecordingController;
  recording: SessionRecordingView;
  mediaError: string | null;
  /** The session is end-to-end encrypted (session-encryption.ts). */
  encrypted: boolean;
  onLeave(): void;
}

export function InSession({ controller, recording, mediaError, encrypted, onLeave }: InSessionProps) {
  const room = useRoomContext();
  const me = room.localParticipant.identity;
  const { observed } = recording;
  const now = useNow(1000, observed.active);
  const showBanner = observed.active || observed.notice;
  const names = (identity: string) => {
    const p = room.getParticipantByIdentity(identity);
    return p ? displayName(p) : identity;
  };
  return (
    <section
      className="session"
      aria-label={`Session ${room.name}`}
      data-composite-frames={recording.compositeFrames}
      data-graph-age-ms={Math.round(recording.graphAgeMs)}
      data-draw-ms={Math.round(recording.drawMs)}
      data-compose-ms={Math.round(recording.composeMs)}
      data-compose-stages={recording.composeStages ? JSON.stringify(recording.composeStages, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v) : v)) : undefined}
      data-source-sizes={recording.sourceSizes || undefined}
      data-frame-conversions={recording.conversions}
      data-skipped-ticks={recording.skipped}
    >
      <div className="session-top">
        <h2 className="session-title">{room.name || 'Session'}</h2>
        {encrypted && (
          <span role="status" className="e2ee-badge" title="Media and messages are encrypted with the invite's key; the server relays only ciphertext.">
            End-to-end encrypted
          </span>
        )}
        {observed.active && <RecordingIndicator elapsedMs={now - observed.startedAt} hostAway={observed.hostAway} />}
        <ConnectionNotice />
      </div>
      {showBanner && (
        <RecordingBanner
          host={observed.host ? names(observed.host) : null}
          upcoming={!observed.active}
          acknowledged={recording.acknowledged !== null && recording.acknowledged === observed.sessionId}
          onAcknowledge={() => controller.acknowledge()}
        />
      )}
      {recording.error && (
        <p role="alert" className="error">
          {recording.error}
        </p>
      )}
      {recording.roomFlag.kind === 'unavailable' && (
        <p className="warning room-flag-warning">
          {recording.roomFlag.message}
        </p>
      )}
      {mediaError && (
        <p role="alert" className="error">
          {mediaError}
        </p>
      )}
      {recording.backlog > 10 && <p className="warning">The recording is {recording.backlog} s behind writing to disk.</p>}
      <div className="session-body">
        <Stage identity={me} />
        <aside className="session-side">
          <ParticipantList recording={recording} />
          <RecordingList rows={recording.recordings} names={names} />
        </aside>
      </div>
      <AnnotationToolbar identity={me} />
      <SessionControls
        recording={recording}
        me={me}
        mayRecord={controller.mayRecord()}
        onStartRecording={() => void controller.start()}
        onStopRecording={() => void controller.stop()}
        onLeave={onLeave}
      />
      <RoomAudioRenderer />
    </section>
  );
}
