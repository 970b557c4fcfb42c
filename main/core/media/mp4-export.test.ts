import { describe, expect, it } from 'vitest';
import { planMp4 } from './mp4-export';
import type { MediaProbe } from './probe';
import type { RemuxedSegment } from './segment-remux';

function seg(video: Partial<NonNullable<MediaProbe['video']>> | null, audio: MediaProbe['audio'] = { codec: 'opus', sampleRate: 48000, channels: 2 }, videoFrames: number | null = 60): RemuxedSegment {
  const probe: MediaProbe = {
    durationSec: 2,
    formatName: 'matroska,webm',
    video: video === null ? null : { codec: 'h264', width: 1280, height: 720, fps: 30, pixFmt: 'yuv420p', ...video },
    audio,
  };
  return { source: 'raw', file: 'x.mkv', durationSec: 2, probe, videoFrames: video === null ? null : videoFrames };
}

describe('planMp4', () => {
  it('copies 4:2:0 H.264 video that is the same in every segment', () => {
    expect(planMp4([seg({}), seg({})])).toMatchObject({ path: 'remux', join: 'demuxer', stillFps: null });
    expect(planMp4([seg({}, null)])).toMatchObject({ path: 'remux', join: 'demuxer', stillFps: null });
  });

  it('encodes anything else: VP8/VP9, or H.264 that not every player can show', () => {
    expect(planMp4([seg({ codec: 'vp8' })])).toMatchObject({ path: 'encode', join: 'demuxer', stillFps: null });
    expect(planMp4([seg({ pixFmt: 'yuv444p' })])).toMatchObject({ path: 'encode', join: 'demuxer', stillFps: null });
  });

  it('encodes H.264 whose frames are too sparse to copy with their times (a still image, seconds apart)', () => {
    const still = seg({ durationSec: 4.4 }, undefined, 3);
    expect(planMp4([still])).toMatchObject({ path: 'encode', join: 'demuxer', stillFps: 15 });
    expect(planMp4([seg({}), still])).toMatchObject({ path: 'encode', join: 'demuxer', stillFps: 15 });
    // 5 fps over the video's own span is still copied; an unknown count does not force an encode.
    expect(planMp4([seg({ durationSec: 2 }, undefined, 10)])).toMatchObject({ path: 'remux', join: 'demuxer', stillFps: null });
    expect(planMp4([seg({}, undefined, null)])).toMatchObject({ path: 'remux', join: 'demuxer', stillFps: null });
  });

  it('decodes and normalises each segment when a capture restart changed the layout', () => {
    expect(planMp4([seg({}), seg({ width: 1920, height: 1080 })])).toMatchObject({ path: 'encode', join: 'filter', stillFps: null });
    expect(planMp4([seg({}), seg({}, null)])).toMatchObject({ path: 'encode', join: 'filter', stillFps: null });
    expect(planMp4([seg({}), seg({}, { codec: 'opus', sampleRate: 48000, channels: 1 })])).toMatchObject({ path: 'encode', join: 'filter', stillFps: null });
    expect(planMp4([seg({ codec: 'vp8' }), seg({ codec: 'h264' })])).toMatchObject({ path: 'encode', join: 'filter', stillFps: null });
  });

  it('says what the MP4 holds and what was added to it', () => {
    expect(planMp4([seg({}), seg({})]).media).toEqual({ video: true, audio: true, silentAudioAdded: false, blankVideoAdded: false });
    // A screen capture without a microphone: silence is added, and the manifest says so.
    expect(planMp4([seg({}, null)]).media).toEqual({ video: true, audio: true, silentAudioAdded: true, blankVideoAdded: false });
    expect(planMp4([seg({}), seg({}, null)]).media).toMatchObject({ silentAudioAdded: true });
  });

  it('makes an audio-only MP4 when no segment has video, encoding the audio to AAC', () => {
    const audioOnly = { video: false, audio: true, silentAudioAdded: false, blankVideoAdded: false };
    expect(planMp4([seg(null)])).toEqual({ path: 'encode', join: 'demuxer', stillFps: null, media: audioOnly });
    expect(planMp4([seg(null), seg(null)])).toEqual({ path: 'encode', join: 'demuxer', stillFps: null, media: audioOnly });
    // A different microphone after a restart: each segment's audio is normalised before the join.
    expect(planMp4([seg(null), seg(null, { codec: 'opus', sampleRate: 44100, channels: 1 })])).toMatchObject({ join: 'filter', media: audioOnly });
  });

  it('gives segments without video black frames when others have video, through the filter join', () => {
    const plan = planMp4([seg(null), seg({})]);
    expect(plan).toMatchObject({ path: 'encode', join: 'filter' });
    expect(plan.media).toEqual({ video: true, audio: true, silentAudioAdded: false, blankVideoAdded: true });
    // The video's codec is taken from the first segment that has one.
    expect(planMp4([seg(null), seg({ codec: 'vp8' })]).media.video).toBe(true);
  });
});
