import { describe, expect, it } from 'vitest';
import { planMp4 } from './mp4-export';
import type { MediaProbe } from './probe';
import type { RemuxedSegment } from './segment-remux';

function seg(video: Partial<NonNullable<MediaProbe['video']>>, audio: MediaProbe['audio'] = { codec: 'opus', sampleRate: 48000, channels: 2 }, videoFrames: number | null = 60): RemuxedSegment {
  const probe: MediaProbe = {
    durationSec: 2,
    formatName: 'matroska,webm',
    video: { codec: 'h264', width: 1280, height: 720, fps: 30, pixFmt: 'yuv420p', ...video },
    audio,
  };
  return { source: 'raw', file: 'x.mkv', durationSec: 2, probe, videoFrames };
}

describe('planMp4', () => {
  it('copies 4:2:0 H.264 video that is the same in every segment', () => {
    expect(planMp4([seg({}), seg({})])).toEqual({ path: 'remux', join: 'demuxer', stillFps: null });
    expect(planMp4([seg({}, null)])).toEqual({ path: 'remux', join: 'demuxer', stillFps: null });
  });

  it('encodes anything else: VP8/VP9, or H.264 that not every player can show', () => {
    expect(planMp4([seg({ codec: 'vp8' })])).toEqual({ path: 'encode', join: 'demuxer', stillFps: null });
    expect(planMp4([seg({ pixFmt: 'yuv444p' })])).toEqual({ path: 'encode', join: 'demuxer', stillFps: null });
  });

  it('encodes H.264 whose frames are too sparse to copy with their times (a still image, seconds apart)', () => {
    const still = seg({ durationSec: 4.4 }, undefined, 3);
    expect(planMp4([still])).toEqual({ path: 'encode', join: 'demuxer', stillFps: 15 });
    expect(planMp4([seg({}), still])).toEqual({ path: 'encode', join: 'demuxer', stillFps: 15 });
    // 5 fps over the video's own span is still copied; an unknown count does not force an encode.
    expect(planMp4([seg({ durationSec: 2 }, undefined, 10)])).toEqual({ path: 'remux', join: 'demuxer', stillFps: null });
    expect(planMp4([seg({}, undefined, null)])).toEqual({ path: 'remux', join: 'demuxer', stillFps: null });
  });

  it('decodes and normalises each segment when a capture restart changed the layout', () => {
    expect(planMp4([seg({}), seg({ width: 1920, height: 1080 })])).toEqual({ path: 'encode', join: 'filter', stillFps: null });
    expect(planMp4([seg({}), seg({}, null)])).toEqual({ path: 'encode', join: 'filter', stillFps: null });
    expect(planMp4([seg({}), seg({}, { codec: 'opus', sampleRate: 48000, channels: 1 })])).toEqual({ path: 'encode', join: 'filter', stillFps: null });
    expect(planMp4([seg({ codec: 'vp8' }), seg({ codec: 'h264' })])).toEqual({ path: 'encode', join: 'filter', stillFps: null });
  });
});
