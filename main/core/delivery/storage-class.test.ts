import { describe, expect, it } from 'vitest';
import { PIPE_STORAGE_CLASSES } from '../../../shared/domain/profile';
import { storageClassFor, storageClassTarget } from './storage-class';

describe('storage class per object', () => {
  it("sends Pipe's classes per kind when the profile names them", () => {
    const profile = { storageClass: null, storageClasses: { ...PIPE_STORAGE_CLASSES } };
    expect(storageClassFor(profile, 'mp4')).toBe('INTELLIGENT_TIERING');
    expect(storageClassFor(profile, 'snapshot')).toBe('STANDARD');
    expect(storageClassFor(profile, 'filmstrip')).toBe('STANDARD');
    expect(storageClassFor(profile, 'waveform')).toBe('STANDARD');
    expect(storageClassFor(profile, 'raw')).toBe('STANDARD_IA');
    // No group of their own: the bucket default.
    expect(storageClassFor(profile, 'manifest')).toBeNull();
    expect(storageClassFor(profile, 'annotations')).toBeNull();
  });

  it('falls back to the single class of older profiles and IT policies, then to the bucket default', () => {
    expect(storageClassFor({ storageClass: 'STANDARD_IA' }, 'mp4')).toBe('STANDARD_IA');
    expect(storageClassFor({ storageClass: 'STANDARD_IA' }, 'manifest')).toBe('STANDARD_IA');
    expect(storageClassFor({ storageClass: 'GLACIER_IR', storageClasses: { mp4: 'INTELLIGENT_TIERING' } }, 'snapshot')).toBe('GLACIER_IR');
    expect(storageClassFor({ storageClass: 'GLACIER_IR', storageClasses: { mp4: 'INTELLIGENT_TIERING' } }, 'mp4')).toBe('INTELLIGENT_TIERING');
    // Named as null: the bucket's default on purpose, not the fallback.
    expect(storageClassFor({ storageClass: 'GLACIER_IR', storageClasses: { raw: null } }, 'raw')).toBeNull();
    expect(storageClassFor({ storageClass: null }, 'mp4')).toBeNull();
  });

  it('groups kinds the way the Destinations page offers them', () => {
    expect(['mp4', 'snapshot', 'filmstrip', 'waveform', 'raw', 'manifest', 'annotations'].map(storageClassTarget)).toEqual(['mp4', 'previews', 'previews', 'previews', 'raw', null, null]);
  });
});
