// One running segment of one recording: a MediaRecorder with a 1 s timeslice whose chunks stream to the
// engine's intake in order, under backpressure (ChunkUploader). The recorder starts at once; chunks wait
// in memory until the engine has created the recording or opened the segment (`target`), so a slow disk
// never delays or clips the start. Only a segment's first chunk carries the WebM header, so a recorder is
// never restarted within a segment: a restart is a new segment.
import type { AppErrorData } from '../../shared/errors';
import { ChunkUploader, type UploaderStats } from './chunk-uploader';
import { api } from '../api/fieldtape';

/** The first chunk of a segment must hold at least the 4-byte EBML magic; a little more is harmless. */
const MIN_FIRST_CHUNK_BYTES = 1024;

/**
 * How long stop() waits for a recorder that has not handed over anything yet. A recorder stopped before
 * its encoder has produced a frame (Stop pressed within a second of Start on a busy machine, or a
 * generated track whose first frame is still being drawn) leaves a segment with no media at all, which
 * the engine can only fail. Past this bound the source is taken to be dead and stop goes ahead anyway.
 */
const FIRST_DATA_WAIT_MS = 5_000;

export interface SegmentTarget {
  recordingId: string;
  segment: number;
}

export interface PipelineOptions {
  target: Promise<SegmentTarget>;
  mime: string;
  stream: MediaStream;
  videoBitsPerSecond: number;
  /**
   * A keyframe at least this often. Chromium's H.264 recorder otherwise makes very few, and both the
   * fragmented MP4 of instant delivery (a fragment per keyframe) and the previews' seeks need them.
   */
  keyFrameIntervalMs?: number;
  /**
   * How often the recorder hands over what it holds (default 1 s). A renderer that dies takes up to this
   * much unsaved media with it, so a shorter slice loses less, at the cost of more (small) chunks.
   */
  timesliceMs?: number;
  onFatal(error: AppErrorData): void;
  /**
   * Asks the source for a frame now. Called when stop() finds that nothing was recorded yet: a generated
   * track (the session compositor) otherwise draws its next frame only on its own tick.
   */
  requestFrame?(): void;
}

export class RecordingPipeline {
  private readonly recorder: MediaRecorder;
  private readonly uploader: ChunkUploader;
  private stopped: Promise<UploaderStats> | null = null;
  private head: Blob[] = [];
  private headSent = false;
  private startedAt: number | null = null;
  private firstChunkSeen: () => void = () => undefined;
  /**
   * Resolves when the recorder has handed over its first chunk of MIN_FIRST_CHUNK_BYTES: it is really
   * running, with media in it (a header alone is a few hundred bytes, a first keyframe is more).
   */
  readonly firstChunk = new Promise<void>((resolve) => (this.firstChunkSeen = resolve));
  private stoppedAt: number | null = null;

  private readonly timesliceMs: number;
  private readonly requestFrame: () => void;

  constructor(options: PipelineOptions) {
    this.timesliceMs = options.timesliceMs ?? 1000;
    this.requestFrame = options.requestFrame ?? (() => undefined);
    this.uploader = new ChunkUploader({
      send: async (seq, data) => {
        let target: SegmentTarget;
        try {
          target = await options.target;
        } catch (error) {
          return { ok: false, error: { code: 'NOT_FOUND', message: (error as Error).message } };
        }
        return api.recording.chunk({ recordingId: target.recordingId, segment: target.segment, seq, data });
      },
      onFatal: (error) => options.onFatal(error),
    });
    this.recorder = new MediaRecorder(options.stream, {
      mimeType: options.mime,
      videoBitsPerSecond: options.videoBitsPerSecond,
      audioBitsPerSecond: 128_000,
      ...(options.keyFrameIntervalMs ? { videoKeyFrameIntervalDuration: options.keyFrameIntervalMs } : {}),
    } as MediaRecorderOptions);
    this.recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      if (!this.headSent && this.head.length === 0) performance.mark('fieldtape:recorder-first-data');
      // Chromium's H.264 recorder may hand over a first chunk of a single byte; the engine rightly wants
      // the segment's first chunk to carry the whole EBML magic, so small leading pieces are held back.
      if (!this.headSent) {
        this.head.push(event.data);
        if (this.head.reduce((sum, b) => sum + b.size, 0) >= MIN_FIRST_CHUNK_BYTES) this.flushHead();
        return;
      }
      this.uploader.push(event.data.arrayBuffer());
    };
    this.recorder.onstart = () => performance.mark('fieldtape:recorder-started');
    this.recorder.onerror = (event) => options.onFatal({ code: 'MEDIA_ERROR', message: `The recorder stopped: ${String((event as ErrorEvent).message ?? 'unknown error')}` });
  }

  /**
   * Until the recorder has handed over its first chunk, or FIRST_DATA_WAIT_MS. (A paused recorder is
   * not waited for: it records nothing until resumed, and what it had before the pause is what there is.)
   */
  private async untilFirstChunk(): Promise<void> {
    const deadline = Date.now() + FIRST_DATA_WAIT_MS;
    while (!this.headSent && Date.now() < deadline && this.recorder.state === 'recording') {
      this.requestFrame();
      // requestData() makes the recorder hand over what it has encoded now, not at the next timeslice.
      this.recorder.requestData();
      await Promise.race([this.firstChunk, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
  }

  private flushHead(): void {
    if (this.headSent || this.head.length === 0) return;
    this.headSent = true;
    this.firstChunkSeen();
    this.uploader.push(new Blob(this.head).arrayBuffer());
    this.head = [];
  }

  start(): void {
    performance.mark('fieldtape:recorder-start');
    this.recorder.start(this.timesliceMs);
    // The call, not the 'start' event: on a busy main thread the event can come seconds later, while
    // the recorder already runs.
    this.startedAt = Date.now();
  }

  /** Pauses in-stream: the same stream (and segment) continues on resume(), with no gap in its timeline. */
  pause(): void {
    if (this.recorder.state === 'recording') this.recorder.pause();
  }

  resume(): void {
    if (this.recorder.state === 'paused') this.recorder.resume();
  }

  /** Wall-clock milliseconds between the calls that started and stopped the recorder (0 until both). */
  recordedMs(): number {
    return this.startedAt !== null && this.stoppedAt !== null ? this.stoppedAt - this.startedAt : 0;
  }

  /** Chunks recorded but not yet durable: a growing number means the engine cannot keep up. */
  pending(): number {
    return this.uploader.pending();
  }

  /**
   * Stops recording and resolves once the last chunk is durable (or given up). A recorder that has not
   * handed over any data yet is first given a frame and a bounded wait for it, so that even a Stop
   * pressed right after Start leaves a playable (short) file.
   */
  stop(): Promise<UploaderStats> {
    this.stopped ??= (async () => {
      if (this.recorder.state === 'recording' && !this.headSent) await this.untilFirstChunk();
      if (this.recorder.state !== 'inactive') {
        await new Promise<void>((resolve) => {
          this.recorder.addEventListener('stop', () => resolve(), { once: true });
          this.recorder.stop();
          this.stoppedAt = Date.now();
        });
      }
      // A segment shorter than its first 1 KiB: send whatever there is (the last dataavailable came before 'stop').
      this.flushHead();
      return this.uploader.drain();
    })();
    return this.stopped;
  }
}
