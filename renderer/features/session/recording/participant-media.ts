// Whether a participant's own recording carries video. A participant whose camera is off (nothing
// published, or published and muted) and who shares no screen gets an audio-only file: a canvas of their
// initials for the whole session would be a video of nothing. The decision is taken per segment:
//   - a new recording is audio-only if the participant has no video publication when it starts;
//   - a continued recording (reload, reconnect) keeps video if it had it: a file that began with video
//     stays a video file, showing the initials card while the camera is off (as before);
//   - an audio-only recording whose participant then turns a camera (or a screen share) on continues in a
//     new segment with video; finalize gives the audio-only part black frames and the manifest says so.
// That last rule also covers a host who starts recording while their own camera is still being published:
// their file starts audio-only for a moment, then has video. A participant who joins while recording is
// different: LiveKit announces them before their camera is published (the app publishes the microphone
// first), and a switch seconds later would cost a second segment and a moment of media at each recorder
// start; for their first 3 s the controller counts a camera as on its way (recording-controller.ts,
// cameraLikelyComing) and the initials card stands in until its frames arrive.
// Publications count, not subscribed tracks: a camera that is on but has not reached the host yet is a
// camera, and the card stands in for it until its frames arrive.

/** What Chromium's MediaRecorder records audio in; the engine's intake accepts it (shared/domain/intake.ts). */
export const AUDIO_ONLY_MIME = 'audio/webm;codecs=opus';

export function isAudioOnlyMime(mime: string): boolean {
  return /^audio\//i.test(mime.trim());
}

/** The parts of a LiveKit track publication this needs (Track.Source values are these strings). */
export interface PublicationLike {
  source: string;
  isMuted: boolean;
}

/** An unmuted camera or screen share: something to put in the participant's picture. */
export function hasVideoPublication(publications: Iterable<PublicationLike>): boolean {
  for (const p of publications) if ((p.source === 'camera' || p.source === 'screen_share') && !p.isMuted) return true;
  return false;
}

/**
 * Records the next segment audio-only? `continuing` is the mime of the recording's previous segment when
 * this one continues it (reload, reconnect), null for a new recording.
 */
export function recordsAudioOnly(hasVideo: boolean, continuing: string | null, audioOnlySupported: boolean): boolean {
  if (!audioOnlySupported || hasVideo) return false;
  return continuing === null || isAudioOnlyMime(continuing);
}
