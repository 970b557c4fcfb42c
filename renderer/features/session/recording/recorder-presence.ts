// LiveKit's own "this room is being recorded" flag, for every client in the session, Fieldtape or not
// (LiveKit Meet, the mobile and server SDKs read `room.isRecording`). The server raises that flag while a
// participant with the `recorder` grant is in the room, and lowers it when the last one leaves
// (livekit-server pkg/rtc/room.go). So for the recording's duration the host's app joins the room a second
// time, as a hidden participant holding that grant, with a token from the profile's token endpoint
// (asked with `recorder: true`). It publishes and subscribes to nothing. Fieldtape's own attribute and data
// messages (recording-signals.ts) still carry the details; this is only the flag.
import { DisconnectReason, Room, RoomEvent } from 'livekit-client';
import { api } from '../../../api/fieldtape';
import { readTokenClaims } from '../../../lib/invite';

export type RoomFlagState =
  /** Not recording, or the flag is down again. */
  | { kind: 'off' }
  | { kind: 'raising' }
  /** The recorder participant is in the room: every client sees room.isRecording = true. */
  | { kind: 'on' }
  /** It could not be raised; the recording itself goes on. `message` says why and what to do. */
  | { kind: 'unavailable'; message: string };

export interface RoomFlagTarget {
  room: string;
  /** The host's identity; the recorder joins as `<identity>.recorder`. */
  identity: string;
}

/** The identity the recorder participant joins with: recognisably the host's, never the host itself. */
export function recorderIdentity(hostIdentity: string): string {
  return `${hostIdentity}.recorder`.slice(0, 128);
}

/** Every reason the flag could not go up starts with what it means for the host. */
const NOT_TOLD = 'Other LiveKit apps in this session are not told that it is being recorded';

export class RecorderPresence {
  private state: RoomFlagState = { kind: 'off' };
  private room: Room | null = null;
  /** Bumped by every raise/lower, so a slow raise that is overtaken by a lower cleans up after itself. */
  private generation = 0;

  constructor(private readonly onChange: (state: RoomFlagState) => void) {}

  get current(): RoomFlagState {
    return this.state;
  }

  /** Joins as the recorder participant. Never throws: a failure only leaves the flag down, and says why. */
  async raise(target: RoomFlagTarget): Promise<void> {
    if (this.room || this.state.kind === 'raising') return;
    const generation = ++this.generation;
    this.set({ kind: 'raising' });
    const reply = await api.session.token({ room: target.room, identity: recorderIdentity(target.identity), recorder: true });
    if (generation !== this.generation) return;
    if (!reply.ok) {
      const message =
        reply.error.code === 'NOT_FOUND'
          ? `${NOT_TOLD}: the session profile has no token endpoint to issue a recorder token. Fieldtape participants still see the recording.`
          : `${NOT_TOLD}: ${reply.error.message}`;
      return this.set({ kind: 'unavailable', message });
    }
    const claims = readTokenClaims(reply.value.token);
    if (!claims?.recorder) {
      return this.set({
        kind: 'unavailable',
        message: `${NOT_TOLD}: the token endpoint answered the recorder request with a token that lacks LiveKit's "recorder" grant.`,
      });
    }
    const room = new Room({ adaptiveStream: false, dynacast: false });
    this.room = room;
    room.on(RoomEvent.Disconnected, (reason) => {
      if (this.room !== room) return;
      this.room = null;
      // The server or the network dropped it mid-recording: the flag is down until the next raise (the
      // controller raises again when the session room reconnects).
      if (reason !== DisconnectReason.CLIENT_INITIATED) this.set({ kind: 'unavailable', message: 'The recorder participant lost its connection; other LiveKit apps may briefly show the session as not recorded.' });
    });
    try {
      await room.connect(reply.value.url, reply.value.token, { autoSubscribe: false });
    } catch (error) {
      if (this.room === room) this.room = null;
      if (generation !== this.generation) return;
      return this.set({ kind: 'unavailable', message: `${NOT_TOLD}: the recorder participant could not join (${(error as Error).message}).` });
    }
    if (generation !== this.generation) {
      await room.disconnect();
      return;
    }
    this.set({ kind: 'on' });
  }

  /** Leaves the room: the server lowers the flag once no recorder is left. */
  async lower(): Promise<void> {
    this.generation++;
    const room = this.room;
    this.room = null;
    if (room) await room.disconnect().catch(() => undefined);
    this.set({ kind: 'off' });
  }

  private set(state: RoomFlagState): void {
    this.state = state;
    this.onChange(state);
  }
}
