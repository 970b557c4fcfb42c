// How a fading mark fades, with no dependencies: the session's recording worker imports it, and a
// worker should not carry the contract's schema library for one function.

/** Marks that fade disappear this long after they arrive; persistent ones stay until undone or cleared. */
export const FADE_AFTER_MS = 4000;
export const FADE_DURATION_MS = 1000;

/** Opacity of a mark `ageMs` after it arrived: 1, then a linear fade for marks that fade. */
export function strokeOpacity(stroke: { fade: boolean }, ageMs: number): number {
  if (!stroke.fade || ageMs <= FADE_AFTER_MS) return 1;
  return Math.max(0, 1 - (ageMs - FADE_AFTER_MS) / FADE_DURATION_MS);
}
