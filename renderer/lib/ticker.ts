// A steady frame clock for the recording canvases. Timers on the page are throttled to once a second
// when the window is hidden or minimised, which would freeze a recording; a dedicated worker's timer is
// not, so the worker ticks and the page draws on each tick. The worker sends a tick only once the page
// has finished the previous one: when drawing falls behind, frames are skipped instead of queueing up
// (a queue of ticks would starve everything else on the page's main thread). A tick that took d ms is
// followed by at least d/2 ms without one, so however slow drawing gets (a busy machine, no GPU), it
// takes at most two thirds of the main thread and the rest of the page (LiveKit signalling, chunk
// uploads, the UI) still runs.
const WORKER_SOURCE = `
let timer = null;
let busy = false;
let notBefore = 0;
onmessage = (e) => {
  if (typeof e.data === 'object') { busy = false; notBefore = performance.now() + e.data.tookMs / 2; return; }
  if (timer !== null) clearInterval(timer);
  timer = e.data > 0 ? setInterval(() => { if (!busy && performance.now() >= notBefore) { busy = true; postMessage(0); } }, e.data) : null;
};`;

export interface Ticker {
  stop(): void;
}

export function startTicker(fps: number, onTick: () => void): Ticker {
  const interval = Math.max(5, Math.round(1000 / fps));
  let worker: Worker | null = null;
  let url: string | null = null;
  try {
    url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const w = new Worker(url);
    w.onmessage = () => {
      const began = performance.now();
      try {
        onTick();
      } finally {
        w.postMessage({ tookMs: performance.now() - began });
      }
    };
    w.postMessage(interval);
    worker = w;
  } catch {
    // No workers (a locked-down host): fall back to a page timer.
    worker = null;
  }
  const fallback = worker ? null : setInterval(onTick, interval);
  return {
    stop() {
      worker?.postMessage(0);
      worker?.terminate();
      if (url) URL.revokeObjectURL(url);
      if (fallback !== null) clearInterval(fallback);
    },
  };
}
