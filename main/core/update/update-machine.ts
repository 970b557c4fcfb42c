// The updater's decisions as a pure state machine: transition(state, event) → {state, effects}. The
// Electron wiring (main/electron/updater.ts) only performs the effects (check, download, install) with
// electron-updater and feeds its events and a periodic tick back in.
//
// The rules that matter:
//   - only a NEWER version is taken: a feed offering the running version or an older one is refused
//     (a replayed old, vulnerable release is a downgrade attack), whatever electron-updater would do;
//   - a downloaded installer is verified against the pinned publisher (effect 'verify', answered with
//     'verified' or 'verification-failed') before anything may install it: 'ready' and with it 'install'
//     and 'allow-install-on-quit' exist only after 'verified';
//   - it is installed (the app restarts) only after the app has been idle, with nothing recording,
//     finalizing, uploading or in a live session, for IDLE_GRACE_MS in a row;
//   - a download does not start while evidence is uploading: the upload gets the bandwidth first.
//
//   off   waiting → checking → available → downloading → verifying → ready → installing
//            ↑          │ not newer / none       │ failed     │ failed        (idle for the grace period)
//            └──────────┴────────────────────────┴────────────┘
import { compareVersions } from './update-feed';
import type { UpdateConfig, UpdateOffReason } from './update-config';

export interface Activity {
  /** Recordings starting, recording, paused or stopping. */
  recording: number;
  /** Recordings finalizing or being recovered. */
  finalizing: number;
  /** Deliveries queued or uploading. */
  uploading: number;
  /** Live sessions (calls), recorded or not. */
  sessions: number;
}

export const IDLE: Activity = { recording: 0, finalizing: 0, uploading: 0, sessions: 0 };
export const isIdle = (a: Activity): boolean => a.recording + a.finalizing + a.uploading + a.sessions === 0;

/** Idle this long (continuously) before a restart. */
export const IDLE_GRACE_MS = 2 * 60 * 1000;
/** The first check waits until start-up work (recovery, queued deliveries) has begun. */
export const FIRST_CHECK_DELAY_MS = 60 * 1000;
/** After a failed check or download, try again in this long (or the regular interval, if shorter). */
export const RETRY_AFTER_MS = 60 * 60 * 1000;
/** A check that never answers is abandoned after this long. */
export const CHECK_TIMEOUT_MS = 10 * 60 * 1000;

export type UpdateState =
  | { phase: 'off'; reason: UpdateOffReason; message: string }
  | { phase: 'waiting'; nextCheckAt: number }
  | { phase: 'checking'; since: number }
  | { phase: 'available'; version: string }
  | { phase: 'downloading'; version: string }
  | { phase: 'verifying'; version: string; file: string }
  | { phase: 'ready'; version: string; idleSince: number | null }
  | { phase: 'installing'; version: string };

export type UpdateEvent =
  | { type: 'tick'; now: number; activity: Activity }
  | { type: 'update-available'; version: string; now: number }
  | { type: 'update-not-available'; now: number }
  | { type: 'downloaded'; version: string; file: string; now: number }
  | { type: 'verified'; version: string; now: number }
  | { type: 'verification-failed'; version: string; message: string; now: number }
  | { type: 'failed'; message: string; now: number };

export type UpdateEffect =
  | { type: 'check' }
  | { type: 'download' }
  /** Check the downloaded installer's signature against the pinned publisher. */
  | { type: 'verify'; version: string; file: string }
  /** The installer is verified: electron-updater may now install it when the user quits. */
  | { type: 'allow-install-on-quit' }
  | { type: 'install' }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

export type Transition = { ok: true; state: UpdateState; effects: UpdateEffect[] } | { ok: false; state: UpdateState; reason: string };

export function initialUpdateState(config: UpdateConfig, now: number): UpdateState {
  if (!config.enabled) return { phase: 'off', reason: config.reason, message: config.message };
  return { phase: 'waiting', nextCheckAt: now + FIRST_CHECK_DELAY_MS };
}

const to = (state: UpdateState, ...effects: UpdateEffect[]): Transition => ({ ok: true, state, effects });
const stay = (state: UpdateState): Transition => ({ ok: true, state, effects: [] });
const reject = (state: UpdateState, event: UpdateEvent): Transition => ({ ok: false, state, reason: `${event.type} is not expected while ${state.phase}` });

export function transition(state: UpdateState, event: UpdateEvent, config: UpdateConfig): Transition {
  if (state.phase === 'off' || !config.enabled) {
    return event.type === 'tick' ? stay(state) : reject(state, event);
  }
  const retryAt = (now: number) => now + Math.min(RETRY_AFTER_MS, config.checkEveryMs);

  switch (event.type) {
    case 'tick':
      return tick(state, event, config);
    case 'update-available': {
      if (state.phase !== 'checking') return reject(state, event);
      const newer = compareVersions(event.version, config.currentVersion);
      if (newer === null || newer <= 0) {
        return to(
          { phase: 'waiting', nextCheckAt: event.now + config.checkEveryMs },
          { type: 'log', level: 'warn', message: `the feed offers ${event.version}, which is not newer than the running ${config.currentVersion}: refused (downgrades are never installed)` },
        );
      }
      return to({ phase: 'available', version: event.version }, { type: 'log', level: 'info', message: `update ${event.version} is available` });
    }
    case 'update-not-available':
      if (state.phase !== 'checking') return reject(state, event);
      return to({ phase: 'waiting', nextCheckAt: event.now + config.checkEveryMs });
    case 'downloaded':
      if (state.phase !== 'downloading') return reject(state, event);
      if (event.version !== state.version) {
        return to({ phase: 'waiting', nextCheckAt: retryAt(event.now) }, { type: 'log', level: 'warn', message: `downloaded ${event.version}, but ${state.version} was expected: discarded` });
      }
      return to({ phase: 'verifying', version: event.version, file: event.file }, { type: 'verify', version: event.version, file: event.file });
    case 'verified':
      if (state.phase !== 'verifying' || event.version !== state.version) return reject(state, event);
      return to(
        { phase: 'ready', version: event.version, idleSince: null },
        { type: 'allow-install-on-quit' },
        {
          type: 'log',
          level: 'info',
          message:
            config.restart === 'on-quit'
              ? `update ${event.version} downloaded and verified; it installs when Fieldtape quits`
              : `update ${event.version} downloaded and verified; it installs once nothing records or uploads`,
        },
      );
    case 'verification-failed':
      if (state.phase !== 'verifying' || event.version !== state.version) return reject(state, event);
      return to(
        { phase: 'waiting', nextCheckAt: retryAt(event.now) },
        { type: 'log', level: 'warn', message: `update ${event.version} was NOT installed: its signature could not be verified against the pinned publisher (${event.message})` },
      );
    case 'failed':
      if (state.phase === 'waiting' || state.phase === 'ready') return reject(state, event);
      return to({ phase: 'waiting', nextCheckAt: retryAt(event.now) }, { type: 'log', level: 'warn', message: `update ${state.phase} failed: ${event.message}` });
  }
}

function tick(state: UpdateState, event: Extract<UpdateEvent, { type: 'tick' }>, config: Extract<UpdateConfig, { enabled: true }>): Transition {
  const { now, activity } = event;
  switch (state.phase) {
    case 'waiting':
      return now >= state.nextCheckAt ? to({ phase: 'checking', since: now }, { type: 'check' }) : stay(state);
    case 'checking':
      return now - state.since > CHECK_TIMEOUT_MS
        ? to({ phase: 'waiting', nextCheckAt: now + Math.min(RETRY_AFTER_MS, config.checkEveryMs) }, { type: 'log', level: 'warn', message: 'update check timed out' })
        : stay(state);
    case 'available':
      return activity.uploading > 0 ? stay(state) : to({ phase: 'downloading', version: state.version }, { type: 'download' });
    case 'ready': {
      if (config.restart === 'on-quit') return stay(state);
      if (!isIdle(activity)) return state.idleSince === null ? stay(state) : to({ ...state, idleSince: null });
      const idleSince = state.idleSince ?? now;
      if (now - idleSince < IDLE_GRACE_MS) return state.idleSince === idleSince ? stay(state) : to({ ...state, idleSince });
      return to({ phase: 'installing', version: state.version }, { type: 'log', level: 'info', message: `installing update ${state.version} and restarting` }, { type: 'install' });
    }
    default:
      return stay(state);
  }
}
