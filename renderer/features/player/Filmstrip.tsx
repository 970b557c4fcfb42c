// The scrubber: the recording's filmstrip stretched along the timeline, the playhead, markers for joins,
// leaves, pauses and restarts, and a preview of the nearest filmstrip frame under the pointer. Clicking
// (or dragging) seeks. The frames come from the one filmstrip JPEG; no video is decoded to preview.
// An audio-only recording has a waveform instead: it is the scrubber's background, and the preview
// under the pointer shows only the time.
import { useEffect, useState, type PointerEvent } from 'react';
import { mediaPath, type Marker } from '../../../shared/domain/library';
import { formatClock } from '../library/format';
import { filmstripFrameAt, filmstripFrames } from './player-math';

export interface FilmstripProps {
  recordingId: string;
  hasFilmstrip: boolean;
  /** No filmstrip, but a waveform (an audio-only recording). */
  hasWaveform?: boolean;
  durationSec: number;
  currentTime: number;
  markers: Marker[];
  video: { width: number; height: number } | null;
  onSeek(t: number): void;
}

export function Filmstrip({ recordingId, hasFilmstrip, hasWaveform = false, durationSec, currentTime, markers, video, onSeek }: FilmstripProps) {
  const src = mediaPath(recordingId, 'filmstrip');
  const background = hasFilmstrip ? src : hasWaveform ? mediaPath(recordingId, 'waveform') : null;
  const [frames, setFrames] = useState(1);
  const [hover, setHover] = useState<{ x: number; t: number } | null>(null);

  useEffect(() => {
    if (!hasFilmstrip) return;
    const image = new Image();
    image.onload = () => setFrames(filmstripFrames(image.naturalWidth, image.naturalHeight, video?.width ?? 16, video?.height ?? 9));
    image.src = src;
  }, [src, hasFilmstrip, video?.width, video?.height]);

  const timeAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const fraction = Math.max(0, Math.min(1, (event.clientX - box.left) / box.width));
    return { x: fraction * box.width, t: fraction * durationSec };
  };
  const frame = hover ? filmstripFrameAt(hover.t, durationSec, frames) : 0;
  const position = frames > 1 ? (frame / (frames - 1)) * 100 : 0;
  const pct = (t: number) => `${durationSec > 0 ? (Math.min(t, durationSec) / durationSec) * 100 : 0}%`;

  return (
    <div className="filmstrip-wrap">
      <div
        className="filmstrip"
        role="slider"
        tabIndex={-1}
        aria-label="Seek"
        aria-valuemin={0}
        aria-valuemax={Math.round(durationSec)}
        aria-valuenow={Math.round(currentTime)}
        aria-valuetext={`${formatClock(currentTime)} of ${formatClock(durationSec)}`}
        style={background ? { backgroundImage: `url("${background}")` } : undefined}
        onPointerMove={(e) => setHover(timeAt(e))}
        onPointerLeave={() => setHover(null)}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          onSeek(timeAt(e).t);
        }}
        onPointerUp={(e) => e.currentTarget.releasePointerCapture(e.pointerId)}
      >
        {markers.map((m, i) => (
          <span key={`${m.kind}-${i}`} className={`marker marker-${m.kind}`} style={{ left: pct(m.t) }} title={`${formatClock(m.t)} ${m.label}`} />
        ))}
        <span className="playhead" style={{ left: pct(currentTime) }} />
        {hover && (
          <div className="preview" style={{ left: hover.x }} role="img" aria-label={`Preview at ${formatClock(hover.t)}`} data-frame={frame}>
            {hasFilmstrip && (
              <div
                className="preview-frame"
                style={{
                  backgroundImage: `url("${src}")`,
                  backgroundSize: `${frames * 100}% 100%`,
                  backgroundPosition: `${position}% 0`,
                  aspectRatio: video ? `${video.width} / ${video.height}` : '16 / 9',
                }}
              />
            )}
            <span className="preview-time">{formatClock(hover.t)}</span>
          </div>
        )}
      </div>
    </div>
  );
}
