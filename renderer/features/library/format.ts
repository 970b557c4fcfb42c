// How the review screens write times, sizes and states.

export function formatClock(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

const STATE_LABELS: Record<string, string> = {
  ready: 'Ready',
  failed: 'Failed',
  interrupted: 'Interrupted',
  recording: 'Recording',
  paused: 'Paused',
  starting: 'Starting',
  stopping: 'Stopping',
  finalizing: 'Finalizing',
  recovering: 'Recovering',
  idle: 'Idle',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

const DELIVERY_LABELS: Record<string, string> = {
  queued: 'Delivery queued',
  uploading: 'Uploading',
  waiting: 'Delivery waiting',
  paused: 'Delivery paused',
  delivered: 'Delivered',
  failed: 'Delivery failed',
  cancelled: 'Delivery cancelled',
};

export function deliveryLabel(state: string | null): string {
  return state === null ? 'Not delivered' : (DELIVERY_LABELS[state] ?? `Delivery ${state}`);
}

/** A chip's tone, for its colour. */
export function tone(state: string | null): 'good' | 'busy' | 'bad' | 'plain' {
  if (state === 'ready' || state === 'delivered') return 'good';
  if (state === 'failed' || state === 'interrupted' || state === 'cancelled') return 'bad';
  if (state === null || state === 'idle') return 'plain';
  return 'busy';
}
