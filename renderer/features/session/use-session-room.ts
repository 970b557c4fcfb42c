// The one hook that owns the LiveKit Room (conventions.md point 10): it listens to it with symmetric
// on/off, joins, leaves and disconnects on unmount. Everything else reads the Room through RoomContext.
// (The Room object itself is constructed once per page in session-runtime.ts, so that a recording can
// resume before React has rendered.)
import {
  ConnectionState,
  DisconnectReason,
  MediaDeviceFailure,
  Room,
  type RemoteParticipant,
  type RemoteTrackPublication,
  RoomEvent,
  VideoPresets,
} from 'livekit-client';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/fieldtape';
import type { Invite } from '../../lib/invite';
import { describeConnectError, describeDisconnect, describeEncryptionError, describeMediaError, describeMissingKey } from './connection-errors';
import type { SessionEncryption } from './session-encryption';

export interface DeviceChoices {
  camera: string | null;
  microphone: string | null;
  cameraOn: boolean;
  micOn: boolean;
  shareScreen?: boolean;
}

export type JoinPhase = 'idle' | 'connecting' | 'connected' | 'failed' | 'left';

export interface SessionRoom {
  room: Room;
  phase: JoinPhase;
  /** Why joining failed or the session ended; null when all is well. */
  error: string | null;
  /** A camera or microphone problem while in the session. */
  mediaError: string | null;
  join(invite: Invite, choices: DeviceChoices): Promise<boolean>;
  leave(): Promise<void>;
}

export function createSessionRoom(encryption: SessionEncryption | null = null): Room {
  return new Room({
    ...(encryption ? { encryption: encryption.options } : {}),
    // The recorder draws every remote video at full size; adaptive stream would shrink them to tile size.
    adaptiveStream: false,
    dynacast: true,
    disconnectOnPageLeave: true,
    videoCaptureDefaults: { resolution: VideoPresets.h720.resolution },
    publishDefaults: { simulcast: true, videoCodec: 'vp8' },
  });
}

export function useSessionRoom(room: Room, encryption: SessionEncryption | null = null): SessionRoom {
  const [phase, setPhase] = useState<JoinPhase>('idle');
  const [error, setError] = useState<string | null>(null);
  const [mediaError, setMediaError] = useState<string | null>(null);

  useEffect(() => {
    const onDisconnected = (reason?: DisconnectReason) => {
      if (room.name) void api.session.presence({ room: room.name, live: false });
      const message = describeDisconnect(reason);
      setPhase(message ? 'failed' : 'left');
      setError(message);
    };
    const onMediaDevicesError = (e: Error) => {
      const failure = MediaDeviceFailure.getFailure(e);
      setMediaError(failure === MediaDeviceFailure.PermissionDenied ? describeMediaError({ name: 'NotAllowedError' }) : describeMediaError(e));
    };
    // A participant whose media cannot be decrypted (another key, or none): say so once per participant.
    const undecryptable = new Set<string>();
    const onEncryptionError = (_error: Error, participant?: { identity: string; name?: string | undefined }) => {
      const who = participant?.identity ?? '';
      if (undecryptable.has(who)) return;
      undecryptable.add(who);
      setMediaError(describeEncryptionError(participant?.name || participant?.identity || null));
    };
    const onTrackSubscribed = (_track: unknown, publication: RemoteTrackPublication, participant: RemoteParticipant) => {
      if (encryption || !publication.isEncrypted || undecryptable.has(participant.identity)) return;
      undecryptable.add(participant.identity);
      setMediaError(describeMissingKey(participant.name || participant.identity));
    };
    room.on(RoomEvent.Disconnected, onDisconnected);
    room.on(RoomEvent.MediaDevicesError, onMediaDevicesError);
    room.on(RoomEvent.EncryptionError, onEncryptionError);
    room.on(RoomEvent.TrackSubscribed, onTrackSubscribed);
    return () => {
      room.off(RoomEvent.Disconnected, onDisconnected);
      room.off(RoomEvent.MediaDevicesError, onMediaDevicesError);
      room.off(RoomEvent.EncryptionError, onEncryptionError);
      room.off(RoomEvent.TrackSubscribed, onTrackSubscribed);
      void room.disconnect();
    };
  }, [room, encryption]);

  const join = useCallback(
    async (invite: Invite, choices: DeviceChoices) => {
      if (room.state !== ConnectionState.Disconnected) return false;
      setPhase('connecting');
      setError(null);
      setMediaError(null);
      try {
        if (encryption) {
          await encryption.ready;
          await room.setE2EEEnabled(true);
        }
        await room.connect(invite.url, invite.token, { autoSubscribe: true });
      } catch (e) {
        setPhase('failed');
        setError(describeConnectError(e, invite.url));
        return false;
      }
      setPhase('connected');
      // The desktop app's updater waits for the end of a live session before it restarts for an update.
      if (room.name) void api.session.presence({ room: room.name, live: true });
      const publish = async (what: Promise<unknown>) => {
        try {
          await what;
        } catch (e) {
          setMediaError(describeMediaError(e));
        }
      };
      await publish(room.localParticipant.setMicrophoneEnabled(choices.micOn, choices.microphone ? { deviceId: choices.microphone } : undefined));
      await publish(room.localParticipant.setCameraEnabled(choices.cameraOn, choices.camera ? { deviceId: choices.camera } : undefined));
      if (choices.shareScreen) await publish(room.localParticipant.setScreenShareEnabled(true, { audio: true }));
      return true;
    },
    [room, encryption],
  );

  const leave = useCallback(async () => {
    await room.disconnect();
    setPhase('left');
  }, [room]);

  return { room, phase, error, mediaError, join, leave };
}
