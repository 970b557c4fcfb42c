// Binds recordings to delivery without the recording service knowing about it: a decorator that gives a new
// recording the active profile (unless the caller chose one), lets instant mode see each durable chunk,
// and tells it when a pause or a new segment means it cannot follow.
import type { RecordingService } from '../recording/recording-service';
import type { InstantMode } from './instant-mode';

export function withDeliveryHooks(service: RecordingService, hooks: { activeProfileId: () => string | null; instant: InstantMode; onError?: (id: string, error: unknown) => void }): RecordingService {
  return {
    ...service,
    async create(options) {
      const profileId = options.profileId !== undefined ? options.profileId : hooks.activeProfileId();
      const recording = await service.create({ ...options, profileId });
      // Instant mode only ever makes delivery earlier: if it cannot start, the recording goes on regardless.
      await hooks.instant.begin(recording, options.mime).catch((error: unknown) => hooks.onError?.(recording.id, error));
      return recording;
    },
    async appendChunk(id, segment, seq, data) {
      const result = await service.appendChunk(id, segment, seq, data);
      if (!result.duplicate) hooks.instant.chunk(id, segment, seq, data);
      return result;
    },
    async pause(id, options) {
      const paused = await service.pause(id, options);
      // An in-stream pause continues the same stream, which instant mode can follow; any other cannot.
      if (!(paused.detail.status === 'paused' && paused.detail.segmentOpen)) hooks.instant.abandon(id, 'paused');
      return paused;
    },
    async newSegment(id, mime, reason) {
      hooks.instant.abandon(id, `new segment (${reason})`);
      return service.newSegment(id, mime, reason);
    },
    async fail(id, error) {
      hooks.instant.abandon(id, 'recording failed');
      return service.fail(id, error);
    },
  };
}
