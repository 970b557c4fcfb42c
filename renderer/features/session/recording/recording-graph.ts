// The media side of a session recording in the host's renderer: the composite video, one video per
// recorded participant, and the audio mix. Built when recording starts (or resumes after a reload) and torn
// down when it ends.
//
// The frames are built in a worker (session-compositor-worker.ts): every tile's track goes there as a
// stream of VideoFrames, and every recorded video is a MediaStreamTrackGenerator whose writable is there
// too. The page's part is what changes rarely: which tracks, the layout, and the overlay (names, marks,
// banners), which it draws on a transparent canvas when it changes (draw-frames.ts). So a busy or hidden
// page never drops a recorded frame. Measured and explained in docs/sessions.md.
import { Track, VideoQuality, type RemoteTrackPublication, type Room } from 'livekit-client';
import { startTicker, type Ticker } from '../../../lib/ticker';
import type { AnnotationStore } from '../../annotations/annotation-store';
import { liveAudio, liveTiles, type LiveTile } from '../tiles';
import { AudioMixer } from '../../../lib/audio-mixer';
import {
  BACKGROUND,
  drawCompositeOverlay,
  drawParticipantOverlay,
  overlaySignature,
  placeComposite,
  placeParticipant,
  sceneTiles,
  TILE_BACKGROUND,
  type PlacedRecordingTile,
  type VideoSizes,
} from './draw-frames';
import { COMPOSITE, type OutputId, type SessionCompositorCommand, type SessionCompositorEvent, type SessionCompositorStats } from './session-compositor-protocol';

export const RECORDING_WIDTH = 1280;
export const RECORDING_HEIGHT = 720;
export const RECORDING_FPS = 30;
/** Per-participant files: a camera delivers 15-30 fps; 15 keeps four encoders affordable on a laptop. */
export const PARTICIPANT_FPS = 15;
/**
 * Per-participant files are 640x360: a host records up to seven of them beside the composite, each one
 * encoded in software. At 720p, four recorders cost this 2-core machine 111 % of a core against 74 % at
 * 360p (measured; docs/sessions.md), and under load the recorders starved. A participant's tile in the
 * composite is no larger once there are two people or more.
 */
export const PARTICIPANT_WIDTH = 640;
export const PARTICIPANT_HEIGHT = 360;
/** How often the page looks for changes of tracks, layout and overlay (the frames have their own clock). */
const SCENE_FPS = 30;

// Chromium's (non-standard on Window) breakout-box classes; typed locally.
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<VideoFrame>;
}
declare class MediaStreamTrackGenerator extends MediaStreamTrack {
  constructor(init: { kind: 'video' });
  readonly writable: WritableStream<VideoFrame>;
}

interface OutputState {
  width: number;
  height: number;
  generator: MediaStreamTrackGenerator;
  stream: MediaStream;
  overlay: OffscreenCanvasRenderingContext2D;
  scene: string;
  overlaySignature: string;
}

interface ParticipantOutput extends OutputState {
  name: string;
}

export interface GraphStats {
  /** Composite frames built since the graph was built. */
  compositeFrames: number;
  startedAt: number;
  /** Main-thread time spent on the recording (tracks, layout, overlays). */
  drawMs: number;
  /** Worker time spent building the recorded frames, and that time by stage. */
  composeMs: number;
  composeStages: SessionCompositorStats['stages'];
  /** The recorded tracks' frame sizes as they arrive, e.g. "1280x720 640x360". */
  sourceSizes: string;
  /** Video frames copied out for drawing (each track's new frames, once each). */
  conversions: number;
  /** Frame-clock ticks the worker skipped because it was behind. */
  skipped: number;
}

export function canRecordSession(): boolean {
  const scope = globalThis as { MediaStreamTrackProcessor?: unknown; MediaStreamTrackGenerator?: unknown };
  return typeof scope.MediaStreamTrackProcessor === 'function' && typeof scope.MediaStreamTrackGenerator === 'function';
}

export class RecordingGraph {
  readonly mixer = new AudioMixer();
  private readonly worker: Worker;
  /** Tracks whose frames the worker receives, by id. */
  private readonly sources = new Map<string, MediaStreamTrack>();
  private sizes: VideoSizes = {};
  private composite: OutputState | null = null;
  private readonly participants = new Map<string, ParticipantOutput>();
  private readonly ticker: Ticker;
  private ticks = 0;
  private readonly startedAt = performance.now();
  private drawMs = 0;
  private workerStats: SessionCompositorStats | null = null;
  /** The size asked of each remote video's simulcast layers while recording, by publication. */
  private readonly requestedLayers = new Map<RemoteTrackPublication, string>();

  constructor(
    private readonly room: Room,
    private readonly annotations: AnnotationStore,
  ) {
    if (!canRecordSession()) throw new Error('This window cannot record the session (no MediaStreamTrackProcessor or MediaStreamTrackGenerator). Update the app.');
    this.worker = new Worker(new URL('./session-compositor-worker.ts', import.meta.url), { type: 'module', name: 'fieldtape-session-compositor' });
    this.worker.onmessage = (event: MessageEvent<SessionCompositorEvent>) => {
      if (event.data.type === 'stats') this.workerStats = event.data;
      else if (event.data.type === 'sizes') this.sizes = { ...event.data.sizes };
    };
    this.update();
    this.ticker = startTicker(SCENE_FPS, () => this.update());
  }

  getStats(): GraphStats {
    const w = this.workerStats;
    return { compositeFrames: w?.compositeFrames ?? 0, startedAt: this.startedAt, drawMs: this.drawMs, composeMs: w?.composeMs ?? 0, composeStages: w?.stages ?? { copy: 0, scale: 0, overlay: 0, write: 0 }, sourceSizes: Object.values(this.sizes).map((s) => `${s.width}x${s.height}`).join(' '), conversions: w?.conversions ?? 0, skipped: w?.skipped ?? 0 };
  }

  /** Video of the host's layout plus everyone's audio. */
  compositeStreamFor(): MediaStream {
    if (!this.composite) {
      this.composite = this.addOutput(COMPOSITE, RECORDING_WIDTH, RECORDING_HEIGHT, RECORDING_FPS, this.mixer.output('composite', () => true));
      this.update();
    }
    return this.composite.stream;
  }

  /** One participant's video (with the marks on their tile) plus only their audio. */
  participantStream(identity: string, name: string): MediaStream {
    let entry = this.participants.get(identity);
    if (!entry) {
      const output = this.addOutput(identity, PARTICIPANT_WIDTH, PARTICIPANT_HEIGHT, PARTICIPANT_FPS, this.mixer.output(`p:${identity}`, (id) => id === identity));
      entry = { ...output, name };
      this.participants.set(identity, entry);
      this.update();
    }
    return entry.stream;
  }

  /**
   * Only a participant's audio: the recording of someone whose camera is off (participant-media.ts). No
   * video is built for them until a video stream is asked for.
   */
  participantAudioStream(identity: string): MediaStream {
    return new MediaStream([this.mixer.output(`p:${identity}`, (id) => id === identity)]);
  }

  /**
   * Asks the worker for an output's frame now. A recorder that has just started otherwise waits for the
   * output's next tick for its first frame, and its file begins only then.
   */
  primeFrame(identity: string | null): void {
    this.post({ type: 'prime', output: identity ?? COMPOSITE });
  }

  releaseParticipant(identity: string): void {
    // An audio-only participant has a mix output but no video.
    this.mixer.removeOutput(`p:${identity}`);
    const entry = this.participants.get(identity);
    if (!entry) return;
    this.post({ type: 'output-gone', output: identity });
    entry.generator.stop();
    this.participants.delete(identity);
  }

  async dispose(): Promise<void> {
    this.ticker.stop();
    for (const publication of this.requestedLayers.keys()) publication.setVideoQuality(VideoQuality.HIGH);
    this.requestedLayers.clear();
    this.post({ type: 'stop' });
    this.composite?.generator.stop();
    for (const identity of [...this.participants.keys()]) this.releaseParticipant(identity);
    // Give the worker a moment to close its frames; terminating drops whatever is left anyway.
    const worker = this.worker;
    setTimeout(() => worker.terminate(), 500);
    await this.mixer.close();
  }

  private post(command: SessionCompositorCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  private addOutput(id: OutputId, width: number, height: number, fps: number, audio: MediaStreamTrack): OutputState {
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    this.post({ type: 'output', output: id, writable: generator.writable, width, height, fps }, [generator.writable]);
    const overlay = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!overlay) throw new Error('This window cannot draw the recording (no 2D canvas).');
    return { width, height, generator, stream: new MediaStream([generator, audio]), overlay, scene: '', overlaySignature: '' };
  }

  /** Sends the worker what changed: new and gone tracks, each output's layout and overlay. */
  private update(): void {
    const began = performance.now();
    const tiles = liveTiles(this.room);
    this.syncSources(tiles);
    const status = this.room.state === 'connected' ? null : this.room.state === 'disconnected' ? 'Rejoining the session…' : 'Reconnecting…';
    const recorded: PlacedRecordingTile[] = [];
    if (this.composite) {
      const placed = placeComposite(tiles, this.composite.width, this.composite.height, this.sizes);
      recorded.push(...placed);
      this.sendScene(COMPOSITE, this.composite, placed, status ?? '', (ctx) => drawCompositeOverlay(ctx, placed, this.annotations, status));
    }
    for (const [identity, entry] of this.participants) {
      const placed = placeParticipant(identity, tiles, entry.width, entry.height, this.sizes);
      if (placed) recorded.push(placed);
      this.sendScene(identity, entry, placed ? [placed] : [], placed ? '' : `${entry.name} is not connected`, (ctx) => drawParticipantOverlay(ctx, placed, this.annotations, entry.name));
    }
    this.requestLayers(recorded);
    // Tracks come and go (mute, republish, reconnect); re-wiring the mix twice a second is plenty.
    if (this.ticks++ % 15 === 0) this.mixer.sync(liveAudio(this.room));
    this.drawMs += performance.now() - began;
  }

  /**
   * Asks the SFU for each remote video at the largest size it is recorded at (its composite tile, its
   * own file), not at full size: a simulcast layer near the tile's size is copied into it row for row
   * instead of being resampled, and decoding it costs a quarter of 720p (docs/sessions.md). The on-screen
   * stage shows the same track, so it gets that layer too while recording; dispose() asks for full size
   * again.
   */
  private requestLayers(recorded: readonly PlacedRecordingTile[]): void {
    const wanted = new Map<RemoteTrackPublication, { width: number; height: number }>();
    for (const { tile, rect } of recorded) {
      if (tile.isLocal || !tile.video) continue;
      const publication = this.room.remoteParticipants.get(tile.identity)?.getTrackPublication(tile.source === 'camera' ? Track.Source.Camera : Track.Source.ScreenShare);
      if (!publication) continue;
      const known = wanted.get(publication);
      wanted.set(publication, { width: Math.max(known?.width ?? 0, Math.round(rect.w)), height: Math.max(known?.height ?? 0, Math.round(rect.h)) });
    }
    for (const [publication, size] of wanted) {
      const key = `${size.width}x${size.height}`;
      if (this.requestedLayers.get(publication) === key) continue;
      this.requestedLayers.set(publication, key);
      publication.setVideoDimensions(size);
    }
  }

  private syncSources(tiles: readonly LiveTile[]): void {
    const wanted = new Map(tiles.flatMap((t) => (t.video && t.video.readyState === 'live' ? [[t.video.id, t.video] as const] : [])));
    for (const [id, track] of wanted) {
      if (this.sources.get(id) === track) continue;
      const frames = new MediaStreamTrackProcessor({ track }).readable;
      this.post({ type: 'source', trackId: id, frames }, [frames]);
      this.sources.set(id, track);
    }
    // A track that leaves the layout (camera muted) but lives on keeps its stream: it comes back with the
    // same track, and a second processor on it would only add a copy. Ended tracks are let go.
    for (const [id, track] of [...this.sources]) {
      if (track.readyState !== 'ended') continue;
      this.post({ type: 'source-gone', trackId: id });
      this.sources.delete(id);
    }
  }

  private sendScene(id: OutputId, output: OutputState, placed: readonly PlacedRecordingTile[], extra: string, draw: (ctx: OffscreenCanvasRenderingContext2D) => void): void {
    const tiles = sceneTiles(placed);
    const scene = JSON.stringify(tiles);
    if (scene !== output.scene) {
      output.scene = scene;
      this.post({ type: 'scene', output: id, background: BACKGROUND, tileBackground: TILE_BACKGROUND, tiles });
    }
    const signature = overlaySignature(placed, this.annotations, extra);
    if (signature === output.overlaySignature) return;
    output.overlaySignature = signature;
    draw(output.overlay);
    const pixels = output.overlay.getImageData(0, 0, output.width, output.height);
    this.post({ type: 'overlay', output: id, rgba: pixels.data.buffer, width: output.width, height: output.height }, [pixels.data.buffer]);
  }
}
