// Which tiles the session shows, in which order, read straight from the Room so the on-screen stage and
// the composite recording agree: every participant's camera (or a placeholder), plus screen shares.
import { Track, type Participant, type Room } from 'livekit-client';
import { tileKey } from '../../../shared/domain/annotation';
import type { TileSpec } from '../../lib/layout';

export interface LiveTile extends TileSpec {
  identity: string;
  name: string;
  source: 'camera' | 'screen_share';
  isLocal: boolean;
  /** The video to show, or null when the camera is off or not yet subscribed. */
  video: MediaStreamTrack | null;
}

export function displayName(participant: Pick<Participant, 'name' | 'identity'>): string {
  return participant.name?.trim() || participant.identity;
}

/** Local participant first, then the others in the order they joined. */
export function orderedParticipants(room: Room): Participant[] {
  const remotes = [...room.remoteParticipants.values()].sort((a, b) => (a.joinedAt?.getTime() ?? 0) - (b.joinedAt?.getTime() ?? 0) || a.identity.localeCompare(b.identity));
  return room.localParticipant.identity ? [room.localParticipant, ...remotes] : remotes;
}

function videoOf(participant: Participant, source: Track.Source): MediaStreamTrack | null {
  const publication = participant.getTrackPublication(source);
  const track = publication?.track;
  if (!publication || publication.isMuted || !track) return null;
  return track.mediaStreamTrack ?? null;
}

export function liveTiles(room: Room): LiveTile[] {
  const tiles: LiveTile[] = [];
  for (const participant of orderedParticipants(room)) {
    const base = { identity: participant.identity, name: displayName(participant), isLocal: participant === room.localParticipant };
    const screen = videoOf(participant, Track.Source.ScreenShare);
    if (screen) tiles.push({ ...base, key: tileKey(participant.identity, 'screen_share'), screen: true, source: 'screen_share', name: `${base.name} (screen)`, video: screen });
    tiles.push({ ...base, key: tileKey(participant.identity, 'camera'), screen: false, source: 'camera', video: videoOf(participant, Track.Source.Camera) });
  }
  return tiles;
}

/** The microphone (and screen-share audio) tracks of every participant, for the audio mix. */
export function liveAudio(room: Room): Array<{ identity: string; track: MediaStreamTrack }> {
  const out: Array<{ identity: string; track: MediaStreamTrack }> = [];
  for (const participant of orderedParticipants(room)) {
    for (const source of [Track.Source.Microphone, Track.Source.ScreenShareAudio]) {
      const publication = participant.getTrackPublication(source);
      const track = publication?.track?.mediaStreamTrack;
      if (publication && !publication.isMuted && track && track.readyState === 'live') out.push({ identity: participant.identity, track });
    }
  }
  return out;
}
