// The text formats the media code reads from ffmpeg and ffprobe, pinned with real output from the 2018
// static build (libavformat 58) and Debian's 5.1 (libavformat 59).
import { describe, expect, it } from 'vitest';
import { parseEncoderList, parseVersionOutput } from './ffmpeg-describe';
import { explainFailure } from './ffmpeg-runner';
import { parseFfprobePackets, parseFramecrc, seekDecodeCost } from './keyframes';
import { parseFfmpegInfo } from './probe-ffmpeg-text';
import { parseFfprobeJson } from './probe';

describe('parseFfmpegInfo (`ffmpeg -i` fallback)', () => {
  it('reads a 2018-style summary of a live WebM (no duration)', () => {
    const text = [
      "Input #0, matroska,webm, from 'trunc.webm':",
      '  Metadata:',
      '    ENCODER         : Lavf59.27.100',
      '  Duration: N/A, start: -0.007000, bitrate: N/A',
      '    Stream #0:0: Video: vp8, yuv420p(progressive), 640x360, SAR 1:1 DAR 16:9, 30 fps, 30 tbr, 1k tbn, 1k tbc',
      '    Stream #0:1: Audio: opus, 48000 Hz, mono, fltp',
      'At least one output file must be specified',
    ].join('\n');
    expect(parseFfmpegInfo(text)).toEqual({
      durationSec: null,
      formatName: 'matroska,webm',
      video: { codec: 'vp8', width: 640, height: 360, fps: 30, pixFmt: 'yuv420p' },
      audio: { codec: 'opus', sampleRate: 48000, channels: 1 },
    });
  });

  it('reads an MP4 with parenthesised colour info, a language tag and a cover image', () => {
    const text = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'out.mp4':",
      '  Duration: 00:01:00.03, start: 0.000000, bitrate: 7521 kb/s',
      '  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 7386 kb/s, 29.97 fps, 29.97 tbr, 16k tbn (default)',
      '  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 128 kb/s (default)',
      '  Stream #0:2: Video: mjpeg (Baseline), yuvj420p(pc), 300x300, 90k tbr, 90k tbn (attached pic)',
    ].join('\n');
    expect(parseFfmpegInfo(text)).toEqual({
      durationSec: 60.03,
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      video: { codec: 'h264', width: 1280, height: 720, fps: 29.97, pixFmt: 'yuv420p' },
      audio: { codec: 'aac', sampleRate: 48000, channels: 6 },
    });
  });

  it('returns null when ffmpeg could not open the input', () => {
    expect(parseFfmpegInfo('garbage.raw: Invalid data found when processing input')).toBeNull();
  });
});

describe('parseFfprobeJson', () => {
  it('falls back to Matroska DURATION tags and ignores unknown frame rates', () => {
    const json = JSON.stringify({
      format: { format_name: 'matroska,webm' },
      streams: [
        { codec_type: 'video', codec_name: 'vp8', width: 640, height: 360, avg_frame_rate: '0/0', r_frame_rate: '0/0', pix_fmt: 'yuv420p', tags: { DURATION: '00:00:04.021000000' } },
        { codec_type: 'audio', codec_name: 'opus', sample_rate: '48000', channels: 2, tags: { DURATION: '00:00:04.014000000' } },
      ],
    });
    expect(parseFfprobeJson(json)).toEqual({
      durationSec: 4.021,
      formatName: 'matroska,webm',
      video: { codec: 'vp8', width: 640, height: 360, fps: null, pixFmt: 'yuv420p', durationSec: 4.021 },
      audio: { codec: 'opus', sampleRate: 48000, channels: 2 },
    });
  });

  it("gives the video's own duration, which sparse frames make shorter than the file's", () => {
    const json = JSON.stringify({
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '6.900000' },
      streams: [
        { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '1000/1', pix_fmt: 'yuv420p', duration: '0.003000' },
        { codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2, duration: '6.900000' },
      ],
    });
    expect(parseFfprobeJson(json).durationSec).toBe(6.9);
    expect(parseFfprobeJson(json).video?.durationSec).toBe(0.003);
  });
});

describe('keyframe listings', () => {
  it('reads ffprobe packet CSV', () => {
    expect(parseFfprobePackets('0.014000,0.014000,K_\n0.047000,0.047000,__\nN/A,2.000000,K__\n')).toEqual([0.014, 2]);
  });

  it('reads framecrc, where only non-plain-keyframe packets carry F=', () => {
    const text = ['#tb 0: 1/16000', '#media_type 0: video', '0,          0,          0,      528,    16449, 0xa34366be', '0,        528,        528,      544,     6373, 0x5a74bda8, F=0x0', '0,      32000,      32000,      528,    16000, 0x00000001, F=0x1'].join('\n');
    expect(parseFramecrc(text)).toEqual([0, 2]);
  });

  it('costs a seek as the video decoded since the previous keyframe', () => {
    expect(seekDecodeCost([0], [1, 3, 5])).toBe(9);
    expect(seekDecodeCost([0, 2, 4], [1, 3, 5])).toBe(3);
  });
});

describe('ffmpeg -version and -encoders', () => {
  it('reads release and git-snapshot versions', () => {
    const snapshot = 'ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018\nlibavformat    58. 24.100 / 58. 24.100\n';
    expect(parseVersionOutput(snapshot)).toMatchObject({ version: 'N-47683-g0e8eb07980-static', libavformat: '58.24.100' });
    expect(parseVersionOutput('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026\n').version).toBe('5.1.9-0+deb12u1');
  });

  it('lists encoder names after the legend', () => {
    const text = ['Encoders:', ' V..... = Video', ' A..... = Audio', ' ------', ' V....D libx264              libx264 H.264', ' A....D aac                  AAC (Advanced Audio Coding)'].join('\n');
    expect(parseEncoderList(text)).toEqual(['libx264', 'aac']);
  });
});

describe('explainFailure', () => {
  it('picks the telling line, not "Conversion failed!"', () => {
    expect(explainFailure(['Stream mapping:', '[matroska,webm @ 0x1] EBML header parsing failed', 'x.raw: Invalid data found when processing input', 'Conversion failed!'])).toBe(
      'x.raw: Invalid data found when processing input',
    );
  });
});
