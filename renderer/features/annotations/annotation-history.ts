// Undo and redo of the marks this participant drew. Undo removes your latest mark that is still there
// (someone may have cleared it already); redo puts back the latest undone one. Clearing forgets both.
import type { Stroke } from '../../../shared/domain/annotation';

export class AnnotationHistory {
  private done: Stroke[] = [];
  private undone: Stroke[] = [];

  added(stroke: Stroke): void {
    this.done.push(stroke);
    this.undone = [];
  }

  /** The mark to remove, or null when there is nothing left to undo. */
  undo(isPresent: (id: string) => boolean): Stroke | null {
    while (this.done.length > 0) {
      const stroke = this.done.pop()!;
      if (!isPresent(stroke.id)) continue;
      this.undone.push(stroke);
      return stroke;
    }
    return null;
  }

  /** The mark to put back, or null. */
  redo(): Stroke | null {
    const stroke = this.undone.pop() ?? null;
    if (stroke) this.done.push(stroke);
    return stroke;
  }

  cleared(): void {
    this.done = [];
    this.undone = [];
  }

  canUndo(): boolean {
    return this.done.length > 0;
  }

  canRedo(): boolean {
    return this.undone.length > 0;
  }
}
