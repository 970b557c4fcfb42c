// The session's annotations as one observable store: every mark on every tile, when each arrived (for
// fading), and a stream of operations that the data channel, the on-screen overlays, the recording
// canvases and the sidecar writers all follow. Operations are idempotent (shared/domain/annotation.ts).
import { applyAnnotationOp, mergeStrokes, strokeOpacity, type AnnotationOp, type Stroke } from '../../../shared/domain/annotation';

export interface OpMeta {
  /** Drawn here (and so to be sent to the others), rather than received. */
  local: boolean;
  /** For remove ops: the tile the removed mark was on, looked up before it was removed. */
  tile: string | null;
}

export type OpListener = (op: AnnotationOp, meta: OpMeta) => void;

export class AnnotationStore {
  private strokes: Stroke[] = [];
  private readonly arrived = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly opListeners = new Set<OpListener>();

  constructor(private readonly now: () => number = () => performance.now()) {}

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

  apply(op: AnnotationOp, local: boolean): void {
    const tile = op.op === 'remove' ? (this.strokes.find((s) => s.id === op.id)?.tile ?? null) : op.op === 'add' ? op.stroke.tile : op.tile;
    if (op.op === 'add' && this.has(op.stroke.id)) return;
    if (op.op === 'remove' && tile === null) return;
    this.strokes = applyAnnotationOp(this.strokes, op);
    if (op.op === 'add') this.arrived.set(op.stroke.id, this.now());
    this.emit();
    for (const listener of this.opListeners) listener(op, { local, tile });
  }

  /** A peer's full state (late join): marks we lack are added as if they arrived now. */
  merge(strokes: readonly Stroke[]): void {
    const added = strokes.filter((s) => !this.has(s.id));
    if (added.length === 0) return;
    this.strokes = mergeStrokes(this.strokes, added);
    for (const stroke of added) {
      this.arrived.set(stroke.id, this.now());
      for (const listener of this.opListeners) listener({ op: 'add', stroke }, { local: false, tile: stroke.tile });
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
