import { describe, expect, it } from 'vitest';
import { AUDIO_FRAGMENT_US, isAudioOnlyMime, remuxArgs } from './instant-session';

describe('instant remux of audio-only recordings', () => {
  it('tells an audio-only MediaRecorder stream from one with video', () => {
    expect(isAudioOnlyMime('audio/webm;codecs=opus')).toBe(true);
    expect(isAudioOnlyMime(' Audio/WebM')).toBe(true);
    expect(isAudioOnlyMime('video/webm;codecs=h264,opus')).toBe(false);
    expect(isAudioOnlyMime('video/x-matroska;codecs=avc1,mp4a')).toBe(false);
  });

  it('maps only the audio, encodes Opus to AAC and cuts fragments by time (there is no video keyframe to cut at)', () => {
    const args = remuxArgs(false, true);
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-map')).toBe('0:a:0');
    expect(args).toContain('-vn');
    expect(args).not.toContain('-c:v');
    expect(after('-c:a')).toBe('aac');
    expect(after('-movflags')).toBe('+empty_moov+default_base_moof');
    expect(after('-frag_duration')).toBe(String(AUDIO_FRAGMENT_US));
  });

  it('leaves the video remux as it was: video copied, fragments at keyframes', () => {
    const args = remuxArgs(true);
    expect(args.slice(args.indexOf('-map'), args.indexOf('-map') + 4)).toEqual(['-map', '0:v:0', '-map', '0:a:0?']);
    expect(args[args.indexOf('-c:v') + 1]).toBe('copy');
    expect(args[args.indexOf('-c:a') + 1]).toBe('copy');
    expect(args[args.indexOf('-movflags') + 1]).toBe('+frag_keyframe+empty_moov+default_base_moof');
    expect(args).not.toContain('-frag_duration');
  });
});
