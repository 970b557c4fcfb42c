// What a probe tells about a media file: its duration, container and first video and audio streams. Both
// probes produce it: ffprobe's JSON (probe.ts) and the `ffmpeg -i` text when there is no ffprobe
// (probe-ffmpeg-text.ts).
export interface VideoStreamInfo {
  codec: string;
  width: number;
  height: number;
  /** Average frame rate; null when the container does not say (MediaRecorder output often does not). */
  fps: number | null;
  pixFmt: string | null;
  /**
   * How long the video itself lasts (first to last frame), when the probe can tell: Matroska's per-track
   * DURATION tag or the stream's own duration. It can be far shorter than the file when frames are sparse,
   * which is how finalize notices a stream copy that lost the video's timing.
   */
  durationSec?: number;
}

export interface AudioStreamInfo {
  codec: string;
  sampleRate: number;
  channels: number;
}

export interface MediaProbe {
  /** Null when the container carries no duration (raw MediaRecorder chunks before a remux). */
  durationSec: number | null;
  formatName: string;
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo | null;
}
