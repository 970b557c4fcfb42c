import { describe, expect, it } from 'vitest';
import { AUDIO_ONLY_MIME, hasVideoPublication, isAudioOnlyMime, recordsAudioOnly } from './participant-media';

describe('audio-only participant recordings', () => {
  it('counts an unmuted camera or screen share as video, not a microphone or a muted camera', () => {
    expect(hasVideoPublication([])).toBe(false);
    expect(hasVideoPublication([{ source: 'microphone', isMuted: false }])).toBe(false);
    expect(hasVideoPublication([{ source: 'camera', isMuted: true }, { source: 'microphone', isMuted: false }])).toBe(false);
    expect(hasVideoPublication([{ source: 'camera', isMuted: false }])).toBe(true);
    expect(hasVideoPublication([{ source: 'screen_share', isMuted: false }])).toBe(true);
  });

  it('records a new recording audio-only when there is no video, if the browser can', () => {
    expect(recordsAudioOnly(false, null, true)).toBe(true);
    expect(recordsAudioOnly(true, null, true)).toBe(false);
    expect(recordsAudioOnly(false, null, false)).toBe(false);
  });

  it('keeps a video recording video across a reload or reconnect, and lets an audio-only one gain video', () => {
    expect(recordsAudioOnly(false, 'video/webm;codecs=h264,opus', true)).toBe(false);
    expect(recordsAudioOnly(false, AUDIO_ONLY_MIME, true)).toBe(true);
    expect(recordsAudioOnly(true, AUDIO_ONLY_MIME, true)).toBe(false);
  });

  it('knows the audio-only format', () => {
    expect(isAudioOnlyMime(AUDIO_ONLY_MIME)).toBe(true);
    expect(isAudioOnlyMime('video/webm;codecs=vp8,opus')).toBe(false);
  });
});
