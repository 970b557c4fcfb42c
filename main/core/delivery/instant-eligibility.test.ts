import { describe, expect, it } from 'vitest';
import { isInstantEligible } from './instant-mode';

describe('instant delivery eligibility', () => {
  it('follows H.264 in Matroska or WebM, and audio-only recordings', () => {
    expect(isInstantEligible('video/x-matroska;codecs=avc1,mp4a')).toBe(true);
    expect(isInstantEligible('video/webm;codecs=h264,opus')).toBe(true);
    expect(isInstantEligible('video/x-matroska;codecs=h264,opus')).toBe(true);
    expect(isInstantEligible('audio/webm;codecs=opus')).toBe(true);
  });

  it('leaves VP8/VP9 (they need an encode) to post-stop delivery', () => {
    expect(isInstantEligible('video/webm;codecs=vp8,opus')).toBe(false);
    expect(isInstantEligible('video/webm;codecs=vp9,opus')).toBe(false);
    expect(isInstantEligible('video/mp4')).toBe(false);
  });
});
