import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/domain/profile';
import type { RecordingSnapshot } from '../../../shared/domain/recording';
import { contentTypeFor, planDelivery, profileFlagFor } from './delivery-plan';

describe('which profile switch delivers an artifact', () => {
  it('sends the waveform wherever the snapshot goes, and every other kind under its own switch', () => {
    expect(profileFlagFor('waveform')).toBe('snapshot');
    expect(profileFlagFor('snapshot')).toBe('snapshot');
    expect(profileFlagFor('filmstrip')).toBe('filmstrip');
    expect(profileFlagFor('annotations')).toBe('annotations');
    expect(profileFlagFor('raw')).toBe('raw');
  });

  it('labels the waveform PNG as an image', () => {
    expect(contentTypeFor('waveform.png')).toBe('image/png');
    expect(contentTypeFor('snapshot.jpg')).toBe('image/jpeg');
  });
});

describe('planning an audio-only recording', () => {
  const sha = 'a'.repeat(64);
  const recording = {
    id: 'rec_0123456789abcdef',
    sessionId: null,
    createdAt: '2026-12-03T10:00:00.000Z',
    artifacts: [
      { kind: 'mp4', path: '/r/recording.mp4', bytes: 10, sha256: sha },
      { kind: 'waveform', path: '/r/waveform.png', bytes: 5, sha256: sha },
      { kind: 'manifest', path: '/r/manifest.json', bytes: 2, sha256: sha },
    ],
  } as unknown as RecordingSnapshot;
  const profile = (snapshot: boolean) =>
    ({ name: 'p', prefixTemplate: '{recordingId}/{artifact}', artifacts: { raw: false, snapshot, filmstrip: true, annotations: true, manifest: true } }) as unknown as Profile;
  const paths = { journal: '/nowhere/journal', deliveryDir: '/nowhere/delivery' };

  it('sends the waveform after the MP4 and before the manifest when snapshots are delivered', async () => {
    const planned = await planDelivery(recording, profile(true), paths);
    expect(planned.map((o) => [o.seq, o.kind, o.key])).toEqual([
      [1, 'mp4', 'rec_0123456789abcdef/recording.mp4'],
      [2, 'waveform', 'rec_0123456789abcdef/waveform.png'],
      [3, 'manifest', 'rec_0123456789abcdef/manifest.json'],
      [4, 'receipt', 'rec_0123456789abcdef/receipt.json'],
    ]);
  });

  it('leaves it out with the snapshot', async () => {
    const planned = await planDelivery(recording, profile(false), paths);
    expect(planned.map((o) => o.kind)).toEqual(['mp4', 'manifest', 'receipt']);
  });
});

describe('planning the evidence after the manifest', () => {
  const sha = 'b'.repeat(64);
  const recording = {
    id: 'rec_0123456789abcdef',
    sessionId: null,
    createdAt: '2026-12-03T10:00:00.000Z',
    artifacts: [
      { kind: 'mp4', path: '/r/recording.mp4', bytes: 10, sha256: sha },
      { kind: 'snapshot', path: '/r/snapshot.jpg', bytes: 5, sha256: sha },
      { kind: 'manifest', path: '/r/manifest.json', bytes: 2, sha256: sha },
    ],
  } as unknown as RecordingSnapshot;
  const paths = { journal: '/nowhere/journal', deliveryDir: '/nowhere/delivery' };
  const profile = (extra: Partial<Profile>) =>
    ({ name: 'p', prefixTemplate: '{recordingId}/{artifact}', artifacts: { raw: false, snapshot: true, filmstrip: true, annotations: true, manifest: true }, ...extra }) as unknown as Profile;

  it('sends receipt.json right after the manifest, and receipt.tsr after it when the destination names a TSA', async () => {
    const planned = await planDelivery(recording, profile({ tsaUrl: 'http://tsa.example/tsa' }), paths);
    expect(planned.map((o) => [o.seq, o.name])).toEqual([
      [1, 'recording.mp4'],
      [2, 'snapshot.jpg'],
      [3, 'manifest.json'],
      [4, 'receipt.json'],
      [5, 'receipt.tsr'],
    ]);
    expect(planned.at(-1)!.localPath).toBe('/nowhere/delivery/receipt.tsr');
    expect(contentTypeFor('receipt.tsr')).toBe('application/timestamp-reply');
  });

  it('sends no token without a TSA, and no receipt without a manifest (a receipt vouches for one)', async () => {
    expect((await planDelivery(recording, profile({ tsaUrl: null }), paths)).map((o) => o.name)).toEqual(['recording.mp4', 'snapshot.jpg', 'manifest.json', 'receipt.json']);
    const noManifest = profile({ artifacts: { raw: false, snapshot: true, filmstrip: true, annotations: true, manifest: false } });
    expect((await planDelivery(recording, noManifest, paths)).map((o) => o.kind)).toEqual(['mp4', 'snapshot']);
  });
});
