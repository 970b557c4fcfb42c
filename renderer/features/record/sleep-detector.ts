// Noticing that the machine slept while recording: a 1 s clock in a worker (not throttled in a hidden
// page) whose ticks suddenly arrive far apart. The recorder then continues in a new segment, because a
// MediaRecorder's timeline after a sleep cannot be trusted to follow on.

/** A gap this long between two 1 s ticks means the machine slept (a busy page delays ticks far less). */
export const SLEEP_GAP_MS = 5_000;

export function sleptBetween(previousTickAt: number, tickAt: number, gapMs = SLEEP_GAP_MS): boolean {
  return tickAt - previousTickAt > gapMs;
}
