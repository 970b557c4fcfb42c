// What a solo recording captures, by layout. Pure: the Record screen, the recorder and the policy check
// all read these facts from here.
import type { BubbleCorner } from '../../../shared/domain/camera-bubble';

export { BUBBLE_CORNERS, bubbleRect, type BubbleCorner } from '../../../shared/domain/camera-bubble';

export const SOLO_LAYOUTS = ['screen', 'screen-camera', 'camera', 'audio'] as const;
export type SoloLayout = (typeof SOLO_LAYOUTS)[number];

export const LAYOUT_LABELS: Record<SoloLayout, string> = {
  screen: 'Screen',
  'screen-camera': 'Screen and camera',
  camera: 'Camera',
  audio: 'Audio only',
};

export const CORNER_LABELS: Record<BubbleCorner, string> = {
  'bottom-right': 'Bottom right',
  'bottom-left': 'Bottom left',
  'top-right': 'Top right',
  'top-left': 'Top left',
};

export interface LayoutNeeds {
  screen: boolean;
  camera: boolean;
  /** The layout records sound only: a microphone (or system audio) is required. */
  audioOnly: boolean;
}

export function layoutNeeds(layout: SoloLayout): LayoutNeeds {
  return {
    screen: layout === 'screen' || layout === 'screen-camera',
    camera: layout === 'camera' || layout === 'screen-camera',
    audioOnly: layout === 'audio',
  };
}

/** The policy's capture kinds a layout uses (main/core/config/policy-capture.ts checks the same). */
export function layoutCaptureKinds(layout: SoloLayout): Array<'screen' | 'camera'> {
  const needs = layoutNeeds(layout);
  return [...(needs.screen ? (['screen'] as const) : []), ...(needs.camera ? (['camera'] as const) : [])];
}

/** Layouts the policy allows; null allowed means no restriction. */
export function allowedLayouts(allowed: readonly string[] | null): SoloLayout[] {
  if (!allowed) return [...SOLO_LAYOUTS];
  return SOLO_LAYOUTS.filter((layout) => {
    const kinds = layoutCaptureKinds(layout);
    return kinds.length > 0 ? kinds.every((k) => allowed.includes(k)) : allowed.includes('intake');
  });
}
