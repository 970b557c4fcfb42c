// The player's arithmetic, kept pure so it is tested without a browser.

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

/** The next speed up (+1) or down (-1), staying within 0.5x–2x. */
export function stepSpeed(current: number, direction: 1 | -1): number {
  const index = SPEEDS.findIndex((s) => s >= current - 1e-9);
  const at = index < 0 ? SPEEDS.length - 1 : index;
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + direction))]!;
}

/**
 * Seconds to add to the lead track's media time to get the same moment in another track of the session:
 * both started recording at their startedAt, so the one that started later is behind by the difference.
 */
export function trackOffsetSec(leadStartedAt: string | null, otherStartedAt: string | null): number | null {
  const lead = leadStartedAt ? Date.parse(leadStartedAt) : NaN;
  const other = otherStartedAt ? Date.parse(otherStartedAt) : NaN;
  if (!Number.isFinite(lead) || !Number.isFinite(other)) return null;
  return (lead - other) / 1000;
}

/** Which of a filmstrip's frames shows time t (frame i covers [i, i+1)·duration/frames). */
export function filmstripFrameAt(t: number, durationSec: number, frames: number): number {
  if (frames <= 1 || durationSec <= 0) return 0;
  return Math.max(0, Math.min(frames - 1, Math.floor((t / durationSec) * frames)));
}

/** How many frames a filmstrip image holds: frames are laid side by side at the video's aspect ratio. */
export function filmstripFrames(naturalWidth: number, naturalHeight: number, videoWidth: number, videoHeight: number): number {
  if (naturalWidth <= 0 || naturalHeight <= 0 || videoWidth <= 0 || videoHeight <= 0) return 1;
  return Math.max(1, Math.round(naturalWidth / (naturalHeight * (videoWidth / videoHeight))));
}

/** A seek target kept inside the media. */
export function clampTime(t: number, durationSec: number): number {
  if (!Number.isFinite(durationSec) || durationSec <= 0) return Math.max(0, t);
  return Math.max(0, Math.min(durationSec, t));
}
