// One participant's tile: their video (via @livekit/components-react), their name, mute state, and the
// annotation overlay on which anyone can draw.
import { isTrackReference, useIsMuted, useIsSpeaking, VideoTrack, type TrackReferenceOrPlaceholder } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import type { Rect } from '../../lib/layout';
import { AnnotationOverlay } from '../annotations/AnnotationOverlay';

export interface TileProps {
  tileKey: string;
  trackRef: TrackReferenceOrPlaceholder;
  name: string;
  rect: Rect;
  identity: string;
}

export function Tile({ tileKey, trackRef, name, rect, identity }: TileProps) {
  const participant = trackRef.participant;
  const speaking = useIsSpeaking(participant);
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone });
  const hasVideo = isTrackReference(trackRef) && !trackRef.publication.isMuted && !!trackRef.publication.track;
  const wrapper = useRef<HTMLDivElement>(null);
  const [dims, setDims] = useState({ w: 0, h: 0 });
  const trackSid = isTrackReference(trackRef) ? trackRef.publication.trackSid : null;

  useEffect(() => {
    const video = wrapper.current?.querySelector('video');
    if (!video) return;
    const update = () => setDims({ w: video.videoWidth, h: video.videoHeight });
    video.addEventListener('resize', update);
    video.addEventListener('loadedmetadata', update);
    const frame = requestAnimationFrame(update);
    return () => {
      cancelAnimationFrame(frame);
      video.removeEventListener('resize', update);
      video.removeEventListener('loadedmetadata', update);
    };
  }, [hasVideo, trackSid]);

  const position = { left: rect.x, top: rect.y, width: rect.w, height: rect.h };
  return (
    <figure className={`tile${speaking ? ' speaking' : ''}`} style={position} aria-label={name} data-tile={tileKey}>
      <div ref={wrapper} className="tile-media">
        {hasVideo && isTrackReference(trackRef) ? <VideoTrack trackRef={trackRef} className="tile-video" /> : <div className="tile-placeholder">{name.slice(0, 1).toUpperCase()}</div>}
      </div>
      <AnnotationOverlay tile={tileKey} identity={identity} videoWidth={hasVideo ? dims.w : 0} videoHeight={hasVideo ? dims.h : 0} label={name} />
      <figcaption className="tile-name">
        {name}
        {micMuted && <span className="chip">muted</span>}
      </figcaption>
    </figure>
  );
}
