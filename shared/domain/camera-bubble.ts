// Where the camera bubble of a "Screen and camera" recording sits. Shared: the renderer's compositor
// draws it there, and the tests look for it there in the delivered MP4's frames.

export const BUBBLE_CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
export type BubbleCorner = (typeof BUBBLE_CORNERS)[number];

export interface BubbleRect {
  x: number;
  y: number;
  size: number;
}

/** Where the camera bubble sits on a frame of this size: a circle ~22% of the height, inset from the corner. */
export function bubbleRect(width: number, height: number, corner: BubbleCorner): BubbleRect {
  const size = Math.round(Math.min(width, height) * 0.22);
  const margin = Math.round(Math.min(width, height) * 0.03);
  const right = corner.endsWith('right');
  const bottom = corner.startsWith('bottom');
  return { x: right ? width - margin - size : margin, y: bottom ? height - margin - size : margin, size };
}
