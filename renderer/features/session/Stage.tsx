// The session's video stage: every participant's tile in the shared layout (a grid of up to 7, or the
// focus layout while a screen is shared), each with its annotation overlay.
import { useRoomContext, useTracks, type TrackReferenceOrPlaceholder } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import { tileKey } from '../../../shared/domain/annotation';
import { computeLayout } from '../../lib/layout';
import { Tile } from './Tile';
import { displayName, orderedParticipants } from './tiles';

export function Stage({ identity }: { identity: string }) {
  const room = useRoomContext();
  const refs = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  );
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const order = new Map(orderedParticipants(room).map((p, i) => [p.identity, i]));
  const tiles = refs
    .map((ref) => {
      const screen = ref.source === Track.Source.ScreenShare;
      return { ref, key: tileKey(ref.participant.identity, screen ? 'screen_share' : 'camera'), screen };
    })
    .sort((a, b) => (order.get(a.ref.participant.identity) ?? 99) - (order.get(b.ref.participant.identity) ?? 99) || Number(b.screen) - Number(a.screen));
  const byKey = new Map<string, { ref: TrackReferenceOrPlaceholder; screen: boolean }>(tiles.map((t) => [t.key, t]));
  const placed = computeLayout(tiles, size.w, size.h);

  return (
    <div ref={box} className="stage" aria-label="Participants' video">
      {placed.map((tile) => {
        const entry = byKey.get(tile.key)!;
        const name = displayName(entry.ref.participant);
        return <Tile key={tile.key} tileKey={tile.key} trackRef={entry.ref} name={entry.screen ? `${name} (screen)` : name} rect={tile.rect} identity={identity} />;
      })}
    </div>
  );
}
