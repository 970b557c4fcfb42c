// The media side of a session recording in the host's renderer: the composite canvas, one canvas per
// recorded participant, the audio mix, and the frame clock that redraws them all. Built when recording
// starts (or resumes after a reload) and torn down when it ends.
import type { Room } from 'livekit-client';
import { startTicker, type Ticker } from '../../../lib/ticker';
import type { AnnotationStore } from '../../annotations/annotation-store';
import { liveAudio, liveTiles, type LiveTile } from '../tiles';
import { AudioMixer } from '../../../lib/audio-mixer';
import { drawComposite, drawParticipantFrame } from './draw-frames';
import { VideoElementPool } from './video-pool';

export const RECORDING_WIDTH = 1280;
export const RECORDING_HEIGHT = 720;
export const RECORDING_FPS = 30;
/** Per-participant files: a camera delivers 15-30 fps; 15 keeps four encoders affordable on a laptop. */
export const PARTICIPANT_FPS = 15;
/**
 * Per-participant files are 640x360: a host records up to seven of them beside the composite, each one a
 * canvas to fill, read back and encode in software. At 720p, four recorders cost this 2-core machine 111 %
 * of a core against 74 % at 360p (measured; docs/sessions.md), and under load the recorders starved. A
 * participant's tile in the composite is no larger once there are two people or more.
 */
export const PARTICIPANT_WIDTH = 640;
export const PARTICIPANT_HEIGHT = 360;

interface ParticipantCanvas {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  name: string;
  stream: MediaStream | null;
  capture: CanvasCaptureMediaStreamTrack | null;
}

export interface GraphStats {
  /** Composite frames drawn since the graph was built. */
  compositeFrames: number;
  startedAt: number;
  /** Main-thread time spent drawing all recording canvases. */
  drawMs: number;
  /** Video frames converted for drawing (each track's new frames, once each). */
  conversions: number;
}

function makeCanvas(width: number, height: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('This window cannot draw the recording (no 2D canvas).');
  return { canvas, ctx };
}

/**
 * A canvas track that carries exactly the frames the clock draws: each draw is followed by requestFrame().
 * (captureStream(fps) samples the canvas on its own timer instead, which drops drawn frames whenever the
 * two clocks drift apart.)
 */
function captureTrack(canvas: HTMLCanvasElement): CanvasCaptureMediaStreamTrack {
  return canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
}

export class RecordingGraph {
  readonly mixer = new AudioMixer();
  private readonly pool = new VideoElementPool();
  private readonly composite = makeCanvas(RECORDING_WIDTH, RECORDING_HEIGHT);
  private compositeStream: MediaStream | null = null;
  private compositeCapture: CanvasCaptureMediaStreamTrack | null = null;
  private readonly participants = new Map<string, ParticipantCanvas>();
  private readonly ticker: Ticker;
  private ticks = 0;
  private readonly stats: Omit<GraphStats, 'conversions'> = { compositeFrames: 0, startedAt: performance.now(), drawMs: 0 };

  constructor(
    private readonly room: Room,
    private readonly annotations: AnnotationStore,
  ) {
    this.draw();
    this.ticker = startTicker(RECORDING_FPS, () => this.draw());
  }

  getStats(): GraphStats {
    return { ...this.stats, ...this.pool.getStats() };
  }

  /** Video of the host's layout plus everyone's audio. */
  compositeStreamFor(): MediaStream {
    if (!this.compositeStream) {
      this.compositeCapture = captureTrack(this.composite.canvas);
      this.compositeStream = new MediaStream([this.compositeCapture, this.mixer.output('composite', () => true)]);
    }
    return this.compositeStream;
  }

  /** One participant's video (with the marks on their tile) plus only their audio. */
  participantStream(identity: string, name: string): MediaStream {
    let entry = this.participants.get(identity);
    if (!entry) {
      entry = { ...makeCanvas(PARTICIPANT_WIDTH, PARTICIPANT_HEIGHT), name, stream: null, capture: null };
      this.participants.set(identity, entry);
      this.drawParticipant(identity, entry, liveTiles(this.room));
    }
    if (!entry.stream) {
      entry.capture = captureTrack(entry.canvas);
      entry.stream = new MediaStream([entry.capture, this.mixer.output(`p:${identity}`, (id) => id === identity)]);
    }
    return entry.stream;
  }

  /**
   * Only a participant's audio: the recording of someone whose camera is off (participant-media.ts). No
   * canvas is drawn for them until a video stream is asked for.
   */
  participantAudioStream(identity: string): MediaStream {
    return new MediaStream([this.mixer.output(`p:${identity}`, (id) => id === identity)]);
  }

  /**
   * Hands a canvas's current picture to its recorder now. A recorder that has just started otherwise waits
   * for the next tick for its first frame, and its file begins only then; after a reload that tick can be
   * late (React renders the whole app first), and every millisecond of it is media the file lacks.
   */
  primeFrame(identity: string | null): void {
    const capture = identity === null ? this.compositeCapture : this.participants.get(identity)?.capture;
    capture?.requestFrame();
  }

  releaseParticipant(identity: string): void {
    // An audio-only participant has a mix output but no canvas.
    this.mixer.removeOutput(`p:${identity}`);
    const entry = this.participants.get(identity);
    if (!entry) return;
    for (const track of entry.stream?.getVideoTracks() ?? []) track.stop();
    this.participants.delete(identity);
  }

  async dispose(): Promise<void> {
    this.ticker.stop();
    for (const identity of [...this.participants.keys()]) this.releaseParticipant(identity);
    for (const track of this.compositeStream?.getVideoTracks() ?? []) track.stop();
    this.pool.dispose();
    await this.mixer.close();
  }

  private draw(): void {
    const began = performance.now();
    const tiles = liveTiles(this.room);
    const status = this.room.state === 'connected' ? null : this.room.state === 'disconnected' ? 'Rejoining the session…' : 'Reconnecting…';
    drawComposite(this.composite.ctx, tiles, this.pool, this.annotations, status);
    this.compositeCapture?.requestFrame();
    this.stats.compositeFrames++;
    if (this.ticks % (RECORDING_FPS / PARTICIPANT_FPS) === 0) {
      for (const [identity, entry] of this.participants) this.drawParticipant(identity, entry, tiles);
    }
    this.pool.retain(new Set(tiles.flatMap((t) => (t.video ? [t.video.id] : []))));
    // Tracks come and go (mute, republish, reconnect); re-wiring the mix twice a second is plenty.
    if (this.ticks++ % 15 === 0) this.mixer.sync(liveAudio(this.room));
    this.stats.drawMs += performance.now() - began;
  }

  private drawParticipant(identity: string, entry: ParticipantCanvas, tiles: readonly LiveTile[]): void {
    const own = tiles.filter((t) => t.identity === identity);
    const tile = own.find((t) => t.source === 'camera' && t.video) ?? own.find((t) => t.video) ?? own[0] ?? null;
    drawParticipantFrame(entry.ctx, tile, this.pool, this.annotations, entry.name);
    entry.capture?.requestFrame();
  }
}
