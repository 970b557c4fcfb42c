// Messages between the page and the session's recording worker (session-compositor-worker.ts). The page
// knows the room (who is there, which tracks, which marks) and tells the worker when that changes; the
// worker owns every recorded pixel. Kept apart so both sides type-check against one definition.
import type { Stroke } from '../../../../shared/domain/annotation';
import type { TileSpec } from '../../../lib/layout';

export interface SceneTile extends TileSpec {
  identity: string;
  name: string;
  source: 'camera' | 'screen_share';
  /** The MediaStreamTrack id whose frames the worker has been given (a 'track' message), or null. */
  trackId: string | null;
}

export interface SceneMark {
  stroke: Stroke;
  /** performance.timeOrigin + performance.now() when it arrived: fades are timed from here. */
  arrivedAt: number;
}

export interface Scene {
  tiles: SceneTile[];
  /** A banner across the composite while the room is not connected ("Rejoining the session…"). */
  status: string | null;
  /** Marks by tile key; omitted when they have not changed since the last scene. */
  marks?: Record<string, SceneMark[]>;
}

export type SessionCompositorCommand =
  | { type: 'init'; composite: OffscreenCanvas; fps: number; participantFps: number }
  | { type: 'scene'; scene: Scene }
  | { type: 'track'; trackId: string; frames: ReadableStream<VideoFrame> }
  | { type: 'untrack'; trackId: string }
  | { type: 'participant'; identity: string; name: string; canvas: OffscreenCanvas }
  | { type: 'unparticipant'; identity: string }
  /** Draw every canvas now: a recorder has just started and waits for its first frame. */
  | { type: 'paint' }
  | { type: 'stop' };

export interface SessionCompositorStats {
  type: 'stats';
  /** Composite frames drawn since init. */
  compositeFrames: number;
  /** Worker time spent drawing all recording canvases. */
  drawMs: number;
  /** Video frames received from the tracks. */
  framesIn: number;
}
