// The contract's recording.* channels, mapped onto the recording service. The renderer's MediaRecorder
// chunks arrive here already schema-checked; this adds the checks only the engine can make.
import { MAX_CHUNKS_IN_FLIGHT, startsWithEbmlHeader } from '../../../shared/domain/intake';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/router';
import type { RecordingService } from './recording-service';

type RecordingChannels = Pick<
  Handlers,
  | 'recording.start'
  | 'recording.chunk'
  | 'recording.pause'
  | 'recording.resume'
  | 'recording.segment'
  | 'recording.stop'
  | 'recording.get'
  | 'recording.list'
>;

export function createRecordingHandlers(service: RecordingService): RecordingChannels {
  const inFlight = new Map<string, number>();
  return {
    'recording.start': (req) =>
      service.create({
        source: {
          kind: 'intake',
          mime: req.mime,
          label: req.label,
          ...(req.captures ? { captures: [...new Set(req.captures)] } : {}),
          ...(req.keyframeIntervalMs ? { keyframeIntervalMs: req.keyframeIntervalMs } : {}),
        },
        mime: req.mime,
        title: req.title,
        sessionId: req.sessionId ?? null,
        participant: req.participant ?? null,
        ticket: req.ticket ?? null,
      }),
    'recording.chunk': async (req) => {
      if (req.seq === 0 && !startsWithEbmlHeader(req.data)) {
        throw new AppError('INVALID_REQUEST', 'The first chunk of a segment must start with the WebM/Matroska header; this one does not.');
      }
      const waiting = inFlight.get(req.recordingId) ?? 0;
      if (waiting >= MAX_CHUNKS_IN_FLIGHT) {
        throw new AppError('BUSY', `Too many chunks in flight for ${req.recordingId}; wait for acknowledgements before sending more.`);
      }
      inFlight.set(req.recordingId, waiting + 1);
      try {
        return await service.appendChunk(req.recordingId, req.segment, req.seq, req.data);
      } finally {
        const left = (inFlight.get(req.recordingId) ?? 1) - 1;
        if (left <= 0) inFlight.delete(req.recordingId);
        else inFlight.set(req.recordingId, left);
      }
    },
    'recording.pause': (req) => service.pause(req.recordingId, { keepSegment: req.inStream === true }),
    'recording.resume': (req) => service.resume(req.recordingId, req.mime, { inStream: req.inStream === true }),
    'recording.segment': (req) => service.newSegment(req.recordingId, req.mime, req.reason),
    'recording.stop': (req) => service.stop(req.recordingId),
    'recording.get': (req) => service.get(req.recordingId),
    'recording.list': (req) => service.list(req.limit),
  };
}
