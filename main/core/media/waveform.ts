// The picture of an audio-only recording: its waveform, time left to right across the whole width, so the
// library row shows it where a snapshot would be and the player can scrub along it as it does along a
// filmstrip. PNG: a few flat colours and sharp edges, which JPEG would smear. The background is painted in
// (not left transparent) so the file reads the same in any viewer a customer opens it with.
import { runFfmpeg } from './ffmpeg-runner';

export const WAVEFORM_WIDTH = 1280;
export const WAVEFORM_HEIGHT = 240;
const WAVE_COLOUR = '0x5b9cff';
const BACKGROUND = '0x1d2430';

/**
 * The filter graph, from the input's first audio track to one RGB frame. showwavespic draws on a
 * transparent canvas and emits its single frame only at the end of the audio, so the background is a
 * filled copy of that same frame (a `color` source would be overlaid before the picture exists).
 * scale=sqrt: speech at a normal level fills the height instead of a thin line around the middle.
 */
export function waveformGraph(width = WAVEFORM_WIDTH, height = WAVEFORM_HEIGHT): string {
  return [
    `[0:a:0]aformat=channel_layouts=mono,showwavespic=s=${width}x${height}:colors=${WAVE_COLOUR}:scale=sqrt,format=rgba,split[bg][wave]`,
    `[bg]drawbox=x=0:y=0:w=iw:h=ih:color=${BACKGROUND}@1:t=fill[filled]`,
    '[filled][wave]overlay=format=auto,format=rgb24[out]',
  ].join(';');
}

/** Writes the PNG to outFile (any name: the format is given, not guessed from the extension). */
export async function writeWaveform(ffmpegPath: string, input: string, outFile: string, signal?: AbortSignal): Promise<void> {
  await runFfmpeg(
    ffmpegPath,
    ['-i', input, '-filter_complex', waveformGraph(), '-map', '[out]', '-frames:v', '1', '-c:v', 'png', '-f', 'image2pipe', outFile],
    signal ? { signal } : {},
  );
}
