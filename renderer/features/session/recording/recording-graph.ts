// The media side of a session recording in the host's renderer: the composite canvas, one canvas per
// recorded participant, the audio mix, and the recording worker that draws them all
// (session-compositor-worker.ts). The page's part is small and cheap: it tells the worker what the room
// looks like (tiles, status, marks) ten times a second when that changed, and hands it each video track's
// frames once. Built when recording starts (or resumes after a reload) and torn down when it ends.
import type { Room } from 'livekit-client';
import { startTicker, type Ticker } from '../../../lib/ticker';
import type { AnnotationStore } from '../../annotations/annotation-store';
import { liveAudio, liveTiles } from '../tiles';
import { AudioMixer } from '../../../lib/audio-mixer';
import type { Scene, SceneTile, SessionCompositorCommand, SessionCompositorStats } from './session-compositor-protocol';

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
/** How often the page looks for changes in the room to tell the worker: layout changes are rare. */
const SCENE_HZ = 10;

// Chromium exposes MediaStreamTrackProcessor on Window (non-standard there); type it locally.
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<VideoFrame>;
}

export function canRecordSession(): boolean {
  return typeof (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor === 'function' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype;
}

interface ParticipantCanvas {
  stream: MediaStream;
  capture: MediaStreamTrack;
}

export interface GraphStats {
  /** Composite frames drawn since the graph was built. */
  compositeFrames: number;
  startedAt: number;
  /** Worker time spent drawing all recording canvases. */
  drawMs: number;
  /** Video frames the worker received from the tracks. */
  conversions: number;
}

/**
 * A canvas whose drawing moves to the worker, and the track that carries every frame the worker commits
 * to it. The track must exist before control is transferred.
 */
function transferredCanvas(width: number, height: number): { offscreen: OffscreenCanvas; capture: MediaStreamTrack } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const capture = canvas.captureStream().getVideoTracks()[0]!;
  return { offscreen: canvas.transferControlToOffscreen(), capture };
}

export class RecordingGraph {
  readonly mixer = new AudioMixer();
  private readonly worker: Worker;
  private readonly compositeCapture: MediaStreamTrack;
  private compositeStream: MediaStream | null = null;
  private readonly participants = new Map<string, ParticipantCanvas>();
  /** Tracks whose frames the worker has, by id. */
  private readonly tracks = new Map<string, MediaStreamTrack>();
  private readonly ticker: Ticker;
  private ticks = 0;
  private lastScene = '';
  private marksChanged = true;
  private readonly offMarks: () => void;
  private readonly startedAt = performance.now();
  private lastStats: SessionCompositorStats = { type: 'stats', compositeFrames: 0, drawMs: 0, framesIn: 0 };

  constructor(
    private readonly room: Room,
    private readonly annotations: AnnotationStore,
  ) {
    if (!canRecordSession()) throw new Error('This window cannot record the session (no MediaStreamTrackProcessor or OffscreenCanvas).');
    this.worker = new Worker(new URL('./session-compositor-worker.ts', import.meta.url), { type: 'module', name: 'fieldtape-session-compositor' });
    this.worker.onmessage = (event: MessageEvent<SessionCompositorStats>) => (this.lastStats = event.data);
    const { offscreen, capture } = transferredCanvas(RECORDING_WIDTH, RECORDING_HEIGHT);
    this.compositeCapture = capture;
    this.offMarks = annotations.subscribe(() => {
      this.marksChanged = true;
      this.publishScene();
    });
    // The scene first, so the first frame already shows the room as it is.
    this.publishScene();
    this.post({ type: 'init', composite: offscreen, fps: RECORDING_FPS, participantFps: PARTICIPANT_FPS }, [offscreen]);
    this.ticker = startTicker(SCENE_HZ, () => this.onTick());
  }

  getStats(): GraphStats {
    return { compositeFrames: this.lastStats.compositeFrames, startedAt: this.startedAt, drawMs: this.lastStats.drawMs, conversions: this.lastStats.framesIn };
  }

  /** Video of the host's layout plus everyone's audio. */
  compositeStreamFor(): MediaStream {
    this.compositeStream ??= new MediaStream([this.compositeCapture, this.mixer.output('composite', () => true)]);
    return this.compositeStream;
  }

  /** One participant's video (with the marks on their tile) plus only their audio. */
  participantStream(identity: string, name: string): MediaStream {
    let entry = this.participants.get(identity);
    if (!entry) {
      const { offscreen, capture } = transferredCanvas(PARTICIPANT_WIDTH, PARTICIPANT_HEIGHT);
      entry = { capture, stream: new MediaStream([capture, this.mixer.output(`p:${identity}`, (id) => id === identity)]) };
      this.participants.set(identity, entry);
      this.post({ type: 'participant', identity, name, canvas: offscreen }, [offscreen]);
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
   * Has the worker draw every canvas now: a recorder that has just started otherwise waits for the next
   * frame of the worker's clock (up to 33 ms), and its file begins only then.
   */
  primeFrame(_identity: string | null): void {
    this.post({ type: 'paint' });
  }

  releaseParticipant(identity: string): void {
    // An audio-only participant has a mix output but no canvas.
    this.mixer.removeOutput(`p:${identity}`);
    const entry = this.participants.get(identity);
    if (!entry) return;
    entry.capture.stop();
    this.participants.delete(identity);
    this.post({ type: 'unparticipant', identity });
  }

  async dispose(): Promise<void> {
    this.ticker.stop();
    this.offMarks();
    for (const identity of [...this.participants.keys()]) this.releaseParticipant(identity);
    this.compositeCapture.stop();
    this.post({ type: 'stop' });
    this.tracks.clear();
    // Give the worker a moment to close its frames; terminating drops whatever is left anyway.
    const worker = this.worker;
    setTimeout(() => worker.terminate(), 500);
    await this.mixer.close();
  }

  private onTick(): void {
    this.publishScene();
    // Tracks come and go (mute, republish, reconnect); re-wiring the mix twice a second is plenty.
    if (this.ticks++ % 5 === 0) this.mixer.sync(liveAudio(this.room));
  }

  /** Tells the worker about new and gone tracks, and the scene when it changed. */
  private publishScene(): void {
    const live = liveTiles(this.room);
    const present = new Set<string>();
    for (const tile of live) {
      const track = tile.video;
      if (!track || track.readyState !== 'live') continue;
      present.add(track.id);
      if (this.tracks.get(track.id) === track) continue;
      this.tracks.set(track.id, track);
      const frames = new MediaStreamTrackProcessor({ track }).readable;
      this.post({ type: 'track', trackId: track.id, frames }, [frames]);
    }
    for (const id of [...this.tracks.keys()]) {
      if (present.has(id)) continue;
      this.tracks.delete(id);
      this.post({ type: 'untrack', trackId: id });
    }
    const tiles: SceneTile[] = live.map((t) => ({
      key: t.key,
      screen: t.screen,
      identity: t.identity,
      name: t.name,
      source: t.source,
      trackId: t.video && present.has(t.video.id) ? t.video.id : null,
    }));
    const status = this.room.state === 'connected' ? null : this.room.state === 'disconnected' ? 'Rejoining the session…' : 'Reconnecting…';
    const key = JSON.stringify([tiles, status]);
    if (key === this.lastScene && !this.marksChanged) return;
    this.lastScene = key;
    const scene: Scene = { tiles, status };
    if (this.marksChanged) scene.marks = this.annotations.marksByTile();
    this.marksChanged = false;
    this.post({ type: 'scene', scene });
  }

  private post(message: SessionCompositorCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}
