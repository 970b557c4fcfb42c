// Keeps every participant's annotation store the same: marks drawn here go out on LiveKit's reliable data
// channel, marks from others come in, and a participant who joins late asks for the current state.
import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { useEffect } from 'react';
import { ANNOTATION_TOPIC, AnnotationMessageSchema, type AnnotationMessage, type Stroke } from '../../../shared/domain/annotation';
import type { AnnotationStore } from './annotation-store';

/** Reliable data packets should stay well under LiveKit's ~15 KiB limit. */
const MAX_MESSAGE_BYTES = 12_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeSyncBatches(strokes: readonly Stroke[]): Array<Uint8Array<ArrayBuffer>> {
  const batches: Array<Uint8Array<ArrayBuffer>> = [];
  let current: Stroke[] = [];
  const flush = () => {
    if (current.length) batches.push(encoder.encode(JSON.stringify({ op: 'sync', strokes: current } satisfies AnnotationMessage)));
    current = [];
  };
  let size = 0;
  for (const stroke of strokes) {
    const bytes = JSON.stringify(stroke).length;
    if (size + bytes > MAX_MESSAGE_BYTES && current.length) {
      flush();
      size = 0;
    }
    current.push(stroke);
    size += bytes;
  }
  flush();
  return batches;
}

export function useAnnotationSync(room: Room, store: AnnotationStore, connected: boolean): void {
  useEffect(() => {
    if (!connected) return;
    const send = (message: AnnotationMessage, to?: string[]) => {
      const data = encoder.encode(JSON.stringify(message));
      room.localParticipant
        .publishData(data, { reliable: true, topic: ANNOTATION_TOPIC, ...(to ? { destinationIdentities: to } : {}) })
        .catch((error: unknown) => console.warn('annotation not sent', error));
    };
    const onData = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string) => {
      if (topic !== ANNOTATION_TOPIC || !participant) return;
      let parsed;
      try {
        parsed = AnnotationMessageSchema.safeParse(JSON.parse(decoder.decode(payload)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.op === 'sync-request') {
        const strokes = store.getSnapshot();
        for (const batch of encodeSyncBatches(strokes)) {
          room.localParticipant.publishData(batch, { reliable: true, topic: ANNOTATION_TOPIC, destinationIdentities: [participant.identity] }).catch(() => undefined);
        }
      } else if (message.op === 'sync') {
        store.merge(message.strokes);
      } else if (message.op === 'add' && message.stroke.author !== participant.identity) {
        return; // a participant may only add marks in their own name
      } else {
        store.apply(message, false);
      }
    };
    const offOp = store.onOp((op, meta) => {
      if (meta.local) send(op);
    });
    room.on(RoomEvent.DataReceived, onData);
    if (room.remoteParticipants.size > 0) send({ op: 'sync-request' });
    return () => {
      room.off(RoomEvent.DataReceived, onData);
      offOp();
    };
  }, [room, store, connected]);
}
