// What the tray icon shows, derived from the recordings and deliveries the engine reports. Pure: the Electron
// shell (main/electron/tray.ts) only swaps icons and menus for the state this returns.
//
//   any recording starting, recording or stopping      → recording
//   else any recording paused                          → paused
//   else any recording finalizing or delivery running  → uploading   (work continues after Stop)
//   else                                               → idle
//
// A delivery waiting for its next attempt (network down, credentials refused) is not "uploading": it sends
// nothing until then, and the Deliveries page says why.
import type { DeliverySnapshot } from '../../../shared/domain/delivery';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import type { AppCommand } from '../../../shared/contracts/shell';
import { DELIVERY_WORKING, RECORDING_ACTIVE, RECORDING_PROCESSING } from '../../../shared/domain/lifecycle';

export type TrayState = 'idle' | 'recording' | 'paused' | 'uploading';

export type RecordingLike = Pick<RecordingSnapshot, 'id' | 'state'>;
export type DeliveryLike = Pick<DeliverySnapshot, 'recordingId' | 'state'>;

/** Recordings whose capture is still running (or paused): the indicator never hides while one exists. */
export const LIVE_RECORDING_STATES: ReadonlySet<RecordingSnapshot['state']> = new Set(RECORDING_ACTIVE);
const CAPTURING: ReadonlySet<RecordingSnapshot['state']> = new Set(['starting', 'recording', 'stopping']);
const RECORDING_WORK: ReadonlySet<RecordingSnapshot['state']> = new Set(RECORDING_PROCESSING);
const DELIVERY_WORK: ReadonlySet<DeliverySnapshot['state']> = new Set(DELIVERY_WORKING);

export function trayState(recordings: Iterable<RecordingLike>, deliveries: Iterable<DeliveryLike>): TrayState {
  let paused = false;
  let working = false;
  for (const recording of recordings) {
    if (CAPTURING.has(recording.state)) return 'recording';
    if (recording.state === 'paused') paused = true;
    if (RECORDING_WORK.has(recording.state)) working = true;
  }
  if (paused) return 'paused';
  if (working) return 'uploading';
  for (const delivery of deliveries) if (DELIVERY_WORK.has(delivery.state)) return 'uploading';
  return 'idle';
}

export interface TrayMenuItem {
  label: string;
  /** A command for the renderer's recorder, or a shell action. */
  action: AppCommand['command'] | 'show' | 'quit';
  enabled: boolean;
}

export interface TrayModel {
  tooltip: string;
  items: TrayMenuItem[];
}

const TOOLTIPS: Record<TrayState, string> = {
  idle: 'Fieldtape',
  recording: 'Fieldtape: recording',
  paused: 'Fieldtape: recording paused',
  uploading: 'Fieldtape: finishing and uploading recordings',
};

/** The tray's tooltip and menu for a state: Start while nothing is live, Stop while something is. */
export function trayModel(state: TrayState): TrayModel {
  const live = state === 'recording' || state === 'paused';
  return {
    tooltip: TOOLTIPS[state],
    items: [
      { label: 'Start recording', action: 'record.start', enabled: !live },
      { label: 'Stop recording', action: 'record.stop', enabled: live },
      { label: 'Show Fieldtape', action: 'show', enabled: true },
      { label: 'Quit Fieldtape', action: 'quit', enabled: true },
    ],
  };
}
