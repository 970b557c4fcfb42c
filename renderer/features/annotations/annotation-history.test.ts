import { describe, expect, it } from 'vitest';
import type { Stroke } from '../../../shared/domain/annotation';
import { AnnotationHistory } from './annotation-history';
import { AnnotationStore } from './annotation-store';

const stroke = (id: string, tile = 'ada:camera'): Stroke => ({
  id,
  author: 'ada',
  tile,
  tool: 'pen',
  color: '#ff0000',
  width: 0.01,
  points: [[0.1, 0.1], [0.2, 0.2]],
  fade: false,
  at: 1,
});

describe('annotation store and history', () => {
  it('applies ops idempotently and reports the tile of a removed mark', () => {
    const store = new AnnotationStore(() => 0);
    const seen: Array<[string, string | null]> = [];
    store.onOp((op, meta) => seen.push([op.op, meta.tile]));
    store.apply({ op: 'add', stroke: stroke('a') }, true);
    store.apply({ op: 'add', stroke: stroke('a') }, false);
    store.apply({ op: 'remove', id: 'a', by: 'ada' }, true);
    expect(store.getSnapshot()).toEqual([]);
    expect(seen).toEqual([['add', 'ada:camera'], ['remove', 'ada:camera']]);
  });

  it('undoes and redoes own marks, skipping ones already cleared', () => {
    const store = new AnnotationStore(() => 0);
    const history = new AnnotationHistory();
    for (const id of ['a', 'b']) {
      store.apply({ op: 'add', stroke: stroke(id) }, true);
      history.added(stroke(id));
    }
    store.apply({ op: 'remove', id: 'b', by: 'bob' }, false);
    expect(history.undo((id) => store.has(id))?.id).toBe('a');
    expect(history.redo()?.id).toBe('a');
    expect(history.canRedo()).toBe(false);
  });

  it('fades marks that fade and keeps persistent ones', () => {
    let now = 0;
    const store = new AnnotationStore(() => now, { now: () => 1 + now });
    store.apply({ op: 'add', stroke: { ...stroke('f'), fade: true } }, false);
    store.apply({ op: 'add', stroke: stroke('p') }, false);
    now = 4500;
    expect(store.visibleOn('ada:camera').map((v) => [v.stroke.id, v.opacity])).toEqual([['f', 0.5], ['p', 1]]);
    now = 6000;
    expect(store.visibleOn('ada:camera').map((v) => v.stroke.id)).toEqual(['p']);
  });

  it('places a mark at the time its author drew it, on the session clock, however late it arrives', () => {
    let now = 0;
    let session = 10_000;
    const store = new AnnotationStore(() => now, { now: () => session });
    const seen: number[] = [];
    store.onOp((_op, meta) => seen.push(meta.at));
    // Drawn at 10 s on the session clock; it reaches this participant 3 s later.
    now = 3_000;
    session = 13_000;
    store.apply({ op: 'add', stroke: { ...stroke('f'), fade: true, at: 10_000 } }, false);
    // Its fade runs from when it was drawn: 4.5 s after drawing is 1.5 s after it arrived.
    now = 4_500;
    session = 14_500;
    expect(store.visibleOn('ada:camera').map((v) => v.opacity)).toEqual([0.5]);
    // A removal done here is stamped now on the session clock; one from a peer keeps its stamp.
    store.apply({ op: 'remove', id: 'f', by: 'ada' }, true);
    store.apply({ op: 'add', stroke: stroke('g') }, false);
    store.apply({ op: 'clear', tile: null, by: 'bob', at: 14_000 }, false);
    expect(seen).toEqual([10_000, 14_500, 1, 14_000]);
  });

  it('merges a peer state without duplicates', () => {
    const store = new AnnotationStore(() => 0);
    store.apply({ op: 'add', stroke: stroke('a') }, false);
    store.merge([stroke('a'), stroke('b', 'bob:camera')]);
    expect(store.getSnapshot().map((s) => s.id)).toEqual(['a', 'b']);
  });
});
