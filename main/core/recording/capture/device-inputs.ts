// ffmpeg input arguments for each device source on each OS. The test pattern runs in real time
// (-re), so it behaves like a camera: a 10-second recording takes 10 seconds.
import { AppError } from '../../../../shared/errors';
import type { RecordingSource } from '../../../../shared/domain/recording';

export function deviceInputArgs(source: RecordingSource, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  switch (source.kind) {
    case 'testsrc':
      return [
        '-re', '-f', 'lavfi', '-i', `testsrc2=size=${testPatternSize(env)}:rate=30`,
        '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      ];
    case 'screen':
      if (platform === 'linux') return ['-f', 'x11grab', '-framerate', '30', '-i', source.device ?? env.DISPLAY ?? ':0'];
      if (platform === 'darwin') return ['-f', 'avfoundation', '-framerate', '30', '-capture_cursor', '1', '-i', source.device ?? '1:none'];
      if (platform === 'win32') return ['-f', 'gdigrab', '-framerate', '30', '-i', source.device ?? 'desktop'];
      break;
    case 'camera':
      if (platform === 'linux') return ['-f', 'v4l2', '-framerate', '30', '-i', source.device ?? '/dev/video0'];
      if (platform === 'darwin') return ['-f', 'avfoundation', '-framerate', '30', '-i', source.device ?? '0:0'];
      if (platform === 'win32') return ['-f', 'dshow', '-i', source.device ?? 'video=Integrated Camera'];
      break;
    default:
      break;
  }
  throw new AppError('INVALID_REQUEST', `Device capture of "${source.kind}" is not available on ${platform}.`);
}

/**
 * FIELDTAPE_TESTSRC_SIZE (e.g. 320x180) shrinks the test pattern. The power-cut matrix uses it: on a
 * loaded 2-core machine a 720p encode falls behind real time, and media the encoder never produced would
 * be counted as media a kill lost.
 */
function testPatternSize(env: NodeJS.ProcessEnv): string {
  const size = env.FIELDTAPE_TESTSRC_SIZE;
  if (size === undefined || size === '') return '1280x720';
  if (!/^\d{2,4}x\d{2,4}$/.test(size)) throw new AppError('INVALID_REQUEST', `FIELDTAPE_TESTSRC_SIZE must look like 320x180 (got "${size}").`);
  return size;
}

/**
 * Capture encodes straight to H.264 in streaming Matroska: clusters are flushed about once a second, so
 * each journal chunk holds whole media and the finalize step is a fast remux rather than a re-encode.
 */
export function captureOutputArgs(durationSec: number | null): string[] {
  return [
    ...(durationSec ? ['-t', String(durationSec)] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '60',
    '-c:a', 'aac', '-b:a', '128k',
    '-f', 'matroska', '-cluster_time_limit', '1000', '-flush_packets', '1',
    'pipe:1',
  ];
}

export const CAPTURE_MIME = 'video/x-matroska;codecs=avc1,mp4a';
