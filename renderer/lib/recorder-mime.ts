// Which MediaRecorder format to record in. H.264 in WebM/Matroska first: finalize can then copy the video
// into the MP4 instead of re-encoding it; VP8 and VP9 are the fallbacks (shared/design/environment.md).
export const RECORDER_MIME_PREFERENCE = [
  'video/webm;codecs=h264,opus',
  'video/x-matroska;codecs=h264,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp9,opus',
] as const;

export function pickRecorderMime(isTypeSupported: (mime: string) => boolean): string | null {
  return RECORDER_MIME_PREFERENCE.find((mime) => isTypeSupported(mime)) ?? null;
}
