import { describe, expect, it } from 'vitest';
import { trayModel, trayState, type DeliveryLike, type RecordingLike } from './tray-state';

const rec = (state: RecordingLike['state'], id = `rec_${state.padEnd(10, 'x')}`): RecordingLike => ({ id, state });
const del = (state: DeliveryLike['state']): DeliveryLike => ({ recordingId: 'rec_aaaaaaaaaa', state });

describe('trayState', () => {
  it('is idle with nothing going on, or only finished work', () => {
    expect(trayState([], [])).toBe('idle');
    expect(trayState([rec('ready'), rec('failed'), rec('interrupted')], [del('delivered'), del('failed'), del('cancelled')])).toBe('idle');
  });

  it('does not call a delivery that waits for its next attempt "uploading"', () => {
    expect(trayState([], [del('waiting')])).toBe('idle');
    expect(trayState([], [del('paused')])).toBe('idle');
  });

  it('shows uploading for running deliveries and for recordings still finalizing', () => {
    expect(trayState([], [del('uploading')])).toBe('uploading');
    expect(trayState([], [del('queued')])).toBe('uploading');
    expect(trayState([rec('finalizing')], [])).toBe('uploading');
    expect(trayState([rec('recovering')], [])).toBe('uploading');
  });

  it('puts recording above paused above uploading, whatever the order', () => {
    expect(trayState([rec('paused'), rec('finalizing')], [del('uploading')])).toBe('paused');
    expect(trayState([rec('paused'), rec('recording')], [del('uploading')])).toBe('recording');
    expect(trayState([rec('finalizing'), rec('starting')], [])).toBe('recording');
    // Stop pressed, the tail still being written: still recording, not yet "uploading".
    expect(trayState([rec('stopping')], [])).toBe('recording');
    // Instant delivery uploads during the recording: the tray says recording.
    expect(trayState([rec('recording')], [del('uploading')])).toBe('recording');
  });
});

describe('trayModel', () => {
  it('offers Start while nothing is live and Stop while something is', () => {
    const enabled = (state: Parameters<typeof trayModel>[0]) =>
      Object.fromEntries(trayModel(state).items.map((item) => [item.action, item.enabled]));
    expect(enabled('idle')).toMatchObject({ 'record.start': true, 'record.stop': false, show: true, quit: true });
    expect(enabled('uploading')).toMatchObject({ 'record.start': true, 'record.stop': false });
    expect(enabled('recording')).toMatchObject({ 'record.start': false, 'record.stop': true });
    expect(enabled('paused')).toMatchObject({ 'record.start': false, 'record.stop': true });
  });

  it('says the state in the tooltip', () => {
    expect(trayModel('recording').tooltip).toMatch(/recording/);
    expect(trayModel('paused').tooltip).toMatch(/paused/);
    expect(trayModel('uploading').tooltip).toMatch(/uploading/);
    expect(trayModel('idle').tooltip).toBe('Fieldtape');
  });
});
