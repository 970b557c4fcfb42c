import { describe, expect, it } from 'vitest';
import { createActivityTracker } from './activity';
import { detectInstallKind, type InstallFacts } from './install-kind';

const facts = (over: Partial<InstallFacts>): InstallFacts => ({
  packaged: true,
  platform: 'linux',
  execPath: '/opt/Fieldtape/fieldtape',
  resourcesPath: '/opt/Fieldtape/resources',
  env: {},
  productName: 'Fieldtape',
  exists: () => false,
  readFile: () => null,
  ...over,
});

describe('install kind', () => {
  it('tells NSIS per-user installs from per-machine MSI ones by the uninstaller beside the executable', () => {
    const nsisExe = 'C:\\Users\\ana\\AppData\\Local\\Programs\\fieldtape\\Fieldtape.exe';
    expect(detectInstallKind(facts({ platform: 'win32', execPath: nsisExe, exists: (f) => f.endsWith('fieldtape\\Uninstall Fieldtape.exe') }))).toBe('nsis');
    expect(detectInstallKind(facts({ platform: 'win32', execPath: 'C:\\Program Files\\Fieldtape\\Fieldtape.exe' }))).toBe('msi');
  });

  it('recognises AppImage, deb, macOS and development runs', () => {
    expect(detectInstallKind(facts({ env: { APPIMAGE: '/home/ana/Fieldtape.AppImage' } }))).toBe('appimage');
    expect(detectInstallKind(facts({ readFile: (f) => (f === '/opt/Fieldtape/resources/package-type' ? 'deb\n' : null) }))).toBe('deb');
    expect(detectInstallKind(facts({}))).toBe('linux-other');
    expect(detectInstallKind(facts({ platform: 'darwin' }))).toBe('mac');
    expect(detectInstallKind(facts({ packaged: false, platform: 'darwin' }))).toBe('unpackaged');
  });
});

describe('activity tracker', () => {
  it('counts live and finalizing recordings, active deliveries and sessions from engine events', () => {
    const tracker = createActivityTracker();
    tracker.observe('recording.updated', { id: 'rec_a', state: 'recording' });
    tracker.observe('recording.updated', { id: 'rec_b', state: 'paused' });
    tracker.observe('delivery.updated', { recordingId: 'rec_c', state: 'uploading' });
    tracker.session('room-1', true);
    expect(tracker.current()).toEqual({ recording: 2, finalizing: 0, uploading: 1, sessions: 1 });
    tracker.observe('recording.updated', { id: 'rec_a', state: 'finalizing' });
    tracker.observe('recording.updated', { id: 'rec_b', state: 'ready' });
    tracker.observe('delivery.updated', { recordingId: 'rec_c', state: 'waiting' }); // resumes after a restart
    tracker.session('room-1', false);
    tracker.observe('settings.changed', { encodeCrf: 20 });
    expect(tracker.current()).toEqual({ recording: 0, finalizing: 1, uploading: 0, sessions: 0 });
  });

  it('counts a session the session screen joined (session.presence) until it is left, recorded or not', () => {
    const tracker = createActivityTracker();
    tracker.observe('session.presence', { room: 'field-42', live: true });
    tracker.observe('session.presence', { room: 'field-42', live: true }); // rejoined after a reload
    expect(tracker.current().sessions).toBe(1);
    tracker.observe('session.presence', { room: 'field-42', live: 'yes' });
    tracker.observe('session.presence', { room: 'field-42', live: false });
    expect(tracker.current().sessions).toBe(0);
  });
});
