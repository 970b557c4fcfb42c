// Another participant's track of the same session, beside the lead video and kept on the same moment:
// its media time is the lead's plus the difference between their start times. It follows play, pause,
// speed and seeks, and corrects drift; before it started or after it ended it says so.
import { useEffect, useRef, useState } from 'react';
import { mediaPath, type PlayerTrack } from '../../../shared/domain/library';

const DRIFT_SEC = 0.3;

export function FollowerTrack({ track, lead, offsetSec, onLead }: {
  track: PlayerTrack;
  lead: HTMLVideoElement | null;
  offsetSec: number;
  onLead(track: PlayerTrack, atSec: number): void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  const [outside, setOutside] = useState(false);

  useEffect(() => {
    const own = ref.current;
    if (!lead || !own) return;
    const sync = () => {
      const target = lead.currentTime + offsetSec;
      const end = Number.isFinite(own.duration) ? own.duration : (track.durationSec ?? Infinity);
      const out = target < 0 || target > end;
      setOutside(out);
      if (out) {
        if (!own.paused) own.pause();
        return;
      }
      if (Math.abs(own.currentTime - target) > DRIFT_SEC) own.currentTime = target;
      own.playbackRate = lead.playbackRate;
      if (lead.paused && !own.paused) own.pause();
      if (!lead.paused && own.paused) void own.play().catch(() => undefined);
    };
    const names = ['play', 'pause', 'seeked', 'ratechange', 'timeupdate'] as const;
    for (const name of names) lead.addEventListener(name, sync);
    own.addEventListener('loadedmetadata', sync);
    sync();
    return () => {
      for (const name of names) lead.removeEventListener(name, sync);
      own.removeEventListener('loadedmetadata', sync);
    };
  }, [lead, offsetSec, track.durationSec]);

  const label = track.participant ?? track.title;
  return (
    <figure className="track follower">
      <video ref={ref} src={mediaPath(track.id, 'mp4')} muted playsInline preload="metadata" aria-label={`Track of ${label}`} />
      {outside && <div className="track-outside">Not recording at this moment</div>}
      <figcaption>
        {label}{' '}
        <button type="button" className="link" onClick={() => onLead(track, (lead?.currentTime ?? 0) + offsetSec)}>
          Make lead
        </button>
      </figcaption>
    </figure>
  );
}
