// How participants learn that the session is being recorded, and how their consent gets back to the
// host: the host's state travels as reliable data messages (repeated every few seconds, and sent to
// anyone who asks) and, where the token allows, as a participant attribute, so late joiners see it too.
import { RoomEvent, type Participant, type RemoteParticipant, type Room } from 'livekit-client';
import {
  RECORDING_ATTRIBUTE,
  RECORDING_TOPIC,
  RecordingSignalSchema,
  parseRecordingAttribute,
  type RecordingSignal,
} from '../../../../shared/domain/session';

export interface ObservedRecording {
  active: boolean;
  /** The host asked to be allowed to record: the notice is showing, recording has not started yet. */
  notice: boolean;
  sessionId: string | null;
  host: string | null;
  /** performance.now() when the recording started, by the host's elapsed time. */
  startedAt: number;
  /** The host dropped out; the recording is kept and continues when they are back. */
  hostAway: boolean;
}

export const NOT_RECORDING: ObservedRecording = { active: false, notice: false, sessionId: null, host: null, startedAt: 0, hostAway: false };

export interface SignalHandlers {
  /** Someone's view of the recording changed (this participant's banner and indicator follow it). */
  observed(next: ObservedRecording): void;
  /** (Host) a participant's app showed the notice or its user acknowledged it. */
  consent(participant: string, sessionId: string, kind: 'shown' | 'acknowledged'): void;
  /** (Host) a late joiner asks for the state. */
  stateRequested(participant: string): void;
  /** The host said, again, that it is recording (every heartbeat, whether or not anything changed). */
  heartbeat(host: string, sessionId: string, sentAt: number | undefined): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** With no word from the host for this long, their recording is no longer shown as running. */
const HOST_GONE_MS = 60_000;

export class RecordingSignals {
  private current: ObservedRecording = NOT_RECORDING;
  private hostGoneTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly room: Room,
    private readonly handlers: SignalHandlers,
  ) {}

  get observed(): ObservedRecording {
    return this.current;
  }

  /** Subscribes to the room; returns the exact inverse. */
  attach(): () => void {
    const onData = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
      if (topic !== RECORDING_TOPIC || !participant) return;
      try {
        const parsed = RecordingSignalSchema.safeParse(JSON.parse(decoder.decode(payload)));
        if (parsed.success) this.receive(parsed.data, participant.identity);
      } catch {
        // not ours
      }
    };
    const onAttributes = (_changed: Record<string, string>, participant: Participant) => {
      if (participant === this.room.localParticipant) return;
      const state = parseRecordingAttribute(participant.attributes[RECORDING_ATTRIBUTE]);
      if (state && (state.active || this.current.host === participant.identity)) this.receive(state, participant.identity);
    };
    const onConnected = () => {
      for (const participant of this.room.remoteParticipants.values()) onAttributes({}, participant);
      this.send({ kind: 'state-request' });
    };
    const onLeft = (participant: RemoteParticipant) => {
      if (participant.identity !== this.current.host || !this.current.active) return;
      this.update({ ...this.current, hostAway: true });
      this.hostGoneTimer = setTimeout(() => this.update(NOT_RECORDING), HOST_GONE_MS);
    };
    this.room.on(RoomEvent.DataReceived, onData);
    this.room.on(RoomEvent.ParticipantAttributesChanged, onAttributes);
    this.room.on(RoomEvent.Connected, onConnected);
    this.room.on(RoomEvent.Reconnected, onConnected);
    this.room.on(RoomEvent.ParticipantDisconnected, onLeft);
    if (this.room.state === 'connected') onConnected();
    return () => {
      this.room.off(RoomEvent.DataReceived, onData);
      this.room.off(RoomEvent.ParticipantAttributesChanged, onAttributes);
      this.room.off(RoomEvent.Connected, onConnected);
      this.room.off(RoomEvent.Reconnected, onConnected);
      this.room.off(RoomEvent.ParticipantDisconnected, onLeft);
      this.clearHostGone();
    };
  }

  /** The host's own view: it is the source of truth for its recording. */
  setLocal(next: ObservedRecording): void {
    this.update(next);
  }

  send(signal: RecordingSignal, to?: string[]): void {
    if (this.room.state !== 'connected') return;
    this.room.localParticipant
      .publishData(encoder.encode(JSON.stringify(signal)), { reliable: true, topic: RECORDING_TOPIC, ...(to ? { destinationIdentities: to } : {}) })
      .catch(() => undefined);
  }

  /** Puts the state where late joiners find it even before any message: a participant attribute. */
  publishAttribute(state: Extract<RecordingSignal, { kind: 'state' }> | null): void {
    if (this.room.state !== 'connected' || !this.room.localParticipant.permissions?.canUpdateMetadata) return;
    this.room.localParticipant.setAttributes({ [RECORDING_ATTRIBUTE]: state ? JSON.stringify(state) : '' }).catch(() => undefined);
  }

  private receive(signal: RecordingSignal, from: string): void {
    switch (signal.kind) {
      case 'state':
        if (signal.active) {
          this.clearHostGone();
          this.update({ active: true, notice: false, sessionId: signal.sessionId, host: from, startedAt: performance.now() - signal.elapsedMs, hostAway: false });
          if (signal.sessionId) this.handlers.heartbeat(from, signal.sessionId, signal.sentAt);
        } else if (this.current.host === from || this.current.host === null) {
          this.clearHostGone();
          this.update(NOT_RECORDING);
        }
        break;
      case 'notice':
        if (!this.current.active) this.update({ ...NOT_RECORDING, notice: true, sessionId: signal.sessionId, host: from });
        break;
      case 'consent':
        this.handlers.consent(from, signal.sessionId, signal.consent);
        break;
      case 'state-request':
        this.handlers.stateRequested(from);
        break;
    }
  }

  private update(next: ObservedRecording): void {
    const same =
      next.active === this.current.active &&
      next.notice === this.current.notice &&
      next.sessionId === this.current.sessionId &&
      next.host === this.current.host &&
      next.hostAway === this.current.hostAway &&
      Math.abs(next.startedAt - this.current.startedAt) < 1500;
    if (same) return;
    this.current = next;
    this.handlers.observed(next);
  }

  private clearHostGone(): void {
    if (this.hostGoneTimer !== null) clearTimeout(this.hostGoneTimer);
    this.hostGoneTimer = null;
  }
}
