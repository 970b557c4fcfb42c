// The session's annotations as one observable store: every mark on every tile, when each arrived (for
// fading), and a stream of operations that the data channel, the on-screen overlays, the recording
// canvases and the sidecar writers all follow. Operations are idempotent (shared/domain/annotation.ts).
import { applyAnnotationOp, mergeStrokes, strokeOpacity, type AnnotationOp, type Stroke } from '../../../shared/domain/annotation';

export interface OpMeta {
  /** Drawn here (and so to be sent to the others), rather than received. */
  local: boolean;
  /** For remove ops: the tile the removed mark was on, looked up before it was removed. */
  tile: string | null;
  /**
   * When the operation was done, on the session's clock (epoch ms): the author's stamp, or the time it
   * arrived for an operation from an older peer that carries none. Recordings place it here.
   */
  at: number;
}

/** The session's common clock (session-clock.ts); the default is this machine's wall clock. */
export interface SessionTime {
  now(): number;
}

export type OpListener = (op: AnnotationOp, meta: OpMeta) => void;

export class AnnotationStore {
  private strokes: Stroke[] = [];
  private readonly arrived = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly opListeners = new Set<OpListener>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly clock: SessionTime = { now: () => Date.now() },
  ) {}

  /** Now on the session's clock: what a mark drawn here is stamped with. */
  sessionNow(): number {
    return Math.round(this.clock.now());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly Stroke[] => this.strokes;

  onOp(listener: OpListener): () => void {
    this.opListeners.add(listener);
    return () => this.opListeners.delete(listener);
  }

  has(id: string): boolean {
    return this.strokes.some((s) => s.id === id);
  }

  apply(given: AnnotationOp, local: boolean): void {
    // A remove or clear done here is stamped now; one received keeps its author's stamp.
    const op: AnnotationOp = local && given.op !== 'add' && given.at === undefined ? { ...given, at: this.sessionNow() } : given;
    const tile = op.op === 'remove' ? (this.strokes.find((s) => s.id === op.id)?.tile ?? null) : op.op === 'add' ? op.stroke.tile : op.tile;
    if (op.op === 'add' && this.has(op.stroke.id)) return;
    if (op.op === 'remove' && tile === null) return;
    this.strokes = applyAnnotationOp(this.strokes, op);
    const at = op.op === 'add' ? op.stroke.at : (op.at ?? this.sessionNow());
    // A mark fades from when it was drawn, not from when it arrived (never from the future, though).
    if (op.op === 'add') this.arrived.set(op.stroke.id, this.now() - Math.max(0, this.sessionNow() - at));
    this.emit();
    for (const listener of this.opListeners) listener(op, { local, tile, at });
  }

  /** A peer's full state (late join): marks we lack are added as if they arrived now. */
  merge(strokes: readonly Stroke[]): void {
    const added = strokes.filter((s) => !this.has(s.id));
    if (added.length === 0) return;
    this.strokes = mergeStrokes(this.strokes, added);
    for (const stroke of added) {
      this.arrived.set(stroke.id, this.now());
      for (const listener of this.opListeners) listener({ op: 'add', stroke }, { local: false, tile: stroke.tile, at: stroke.at });
    }
    this.emit();
  }

  /** Marks on one tile with their current opacity; faded-out marks are left out. */
  visibleOn(tile: string): Array<{ stroke: Stroke; opacity: number }> {
    const now = this.now();
    const out: Array<{ stroke: Stroke; opacity: number }> = [];
    for (const stroke of this.strokes) {
      if (stroke.tile !== tile) continue;
      const opacity = strokeOpacity(stroke, now - (this.arrived.get(stroke.id) ?? now));
      if (opacity > 0) out.push({ stroke, opacity });
    }
    return out;
  }

  /** Whether any mark on the tile is still fading (the overlay keeps animating until none is). */
  isFading(tile: string): boolean {
    return this.visibleOn(tile).some(({ stroke }) => stroke.fade);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
