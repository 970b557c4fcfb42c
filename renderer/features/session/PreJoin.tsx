// The pre-join screen: how to join (an invite link, an address and token, or the profile's token
// endpoint), which camera and microphone to use, whether to share the screen, and a live preview.
import { useMediaDevices, usePreviewTracks } from '@livekit/components-react';
import { Track, type LocalVideoTrack } from 'livekit-client';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { SessionProfile } from '../../../shared/domain/session';
import { api } from '../../api/fieldtape';
import { buildInviteLink, checkInvite, parseInviteLink, readTokenClaims, type Invite } from '../../lib/invite';
import { describeMediaError } from './connection-errors';
import { ProfileForm } from './ProfileForm';
import type { DeviceChoices, JoinPhase } from './use-session-room';

export interface PreJoinProps {
  visible: boolean;
  inviteText: string;
  onInviteText(text: string): void;
  profile: SessionProfile | null;
  onProfile(profile: SessionProfile): void;
  phase: JoinPhase;
  joinError: string | null;
  onJoin(invite: Invite, choices: DeviceChoices): void;
}

export function PreJoin({ visible, inviteText, onInviteText, profile, onProfile, phase, joinError, onJoin }: PreJoinProps) {
  const [separate, setSeparate] = useState(false);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [room, setRoom] = useState('');
  const [identity, setIdentity] = useState('');
  const [camera, setCamera] = useState<string | null>(null);
  const [microphone, setMicrophone] = useState<string | null>(null);
  const [cameraOn, setCameraOn] = useState(true);
  const [micOn, setMicOn] = useState(true);
  const [shareScreen, setShareScreen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [mediaProblem, setMediaProblem] = useState<string | null>(null);
  const [fetching, setFetching] = useState(false);

  const cameras = useMediaDevices({ kind: 'videoinput' });
  const microphones = useMediaDevices({ kind: 'audioinput' });
  const previewOptions = useMemo(
    () => ({
      video: visible && cameraOn ? { deviceId: camera ?? undefined, resolution: { width: 640, height: 360 } } : false,
      audio: visible && micOn ? { deviceId: microphone ?? undefined } : false,
    }),
    [visible, cameraOn, micOn, camera, microphone],
  );
  const tracks = usePreviewTracks(previewOptions, (e) => setMediaProblem(describeMediaError(e)));
  const videoTrack = tracks?.find((t) => t.kind === Track.Kind.Video) as LocalVideoTrack | undefined;
  const preview = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = preview.current;
    if (!el || !videoTrack) return;
    videoTrack.attach(el);
    return () => {
      videoTrack.detach(el);
    };
  }, [videoTrack]);

  const busy = phase === 'connecting';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = separate ? checkInvite({ url, token }) : parseInviteLink(inviteText);
    if (!result.ok) {
      setProblem(result.message);
      return;
    }
    setProblem(null);
    onJoin(result.invite, { camera, microphone, cameraOn, micOn, shareScreen });
  };

  const fetchToken = async () => {
    setFetching(true);
    setProblem(null);
    const result = await api.session.token({ room: room.trim(), identity: identity.trim() });
    setFetching(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    onInviteText(buildInviteLink(result.value));
    setSeparate(false);
  };

  const claims = separate ? readTokenClaims(token.trim()) : null;
  const error = problem ?? joinError;
  return (
    <section className="prejoin" aria-labelledby="prejoin-title">
      <h2 id="prejoin-title">Join a session</h2>
      <form onSubmit={submit} className="prejoin-form">
        {!separate ? (
          <label className="field">
            Invite link
            <input value={inviteText} onChange={(e) => onInviteText(e.target.value)} placeholder="fieldtape://join?url=…&token=…" spellCheck={false} />
          </label>
        ) : (
          <>
            <label className="field">
              Session address
              <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="wss://…" spellCheck={false} />
            </label>
            <label className="field">
              Access token
              <input value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} />
              {claims?.identity && <small>Joins as {claims.identity}{claims.room ? ` in ${claims.room}` : ''}</small>}
            </label>
          </>
        )}
        <label className="inline-field">
          <input type="checkbox" checked={separate} onChange={(e) => setSeparate(e.target.checked)} />
          Enter the address and token separately
        </label>
        {profile?.tokenEndpoint && (
          <fieldset className="token-endpoint">
            <legend>Get an invite from your organisation</legend>
            <label className="field">
              Room
              <input value={room} onChange={(e) => setRoom(e.target.value)} />
            </label>
            <label className="field">
              Your identity
              <input value={identity} onChange={(e) => setIdentity(e.target.value)} />
            </label>
            <button type="button" onClick={() => void fetchToken()} disabled={fetching || !room.trim() || !identity.trim()}>
              Get invite
            </button>
          </fieldset>
        )}

        <fieldset className="devices">
          <legend>Camera, microphone and screen</legend>
          <label className="field">
            Camera
            <select value={camera ?? ''} onChange={(e) => setCamera(e.target.value || null)}>
              <option value="">Default camera</option>
              {cameras.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || d.deviceId}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Microphone
            <select value={microphone ?? ''} onChange={(e) => setMicrophone(e.target.value || null)}>
              <option value="">Default microphone</option>
              {microphones.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || d.deviceId}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={cameraOn} onChange={(e) => setCameraOn(e.target.checked)} />
            Camera on
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={micOn} onChange={(e) => setMicOn(e.target.checked)} />
            Microphone on
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={shareScreen} onChange={(e) => setShareScreen(e.target.checked)} />
            Share my screen when I join
          </label>
          <video ref={preview} className="preview" aria-label="Camera preview" muted playsInline autoPlay hidden={!videoTrack} />
          {!videoTrack && <p className="preview-off">{cameraOn ? 'Starting the camera…' : 'Camera off'}</p>}
        </fieldset>

        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {mediaProblem && (
          <p role="alert" className="error">
            {mediaProblem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Join
        </button>
        {busy && <p aria-live="polite">Connecting to the session…</p>}
      </form>
      <ProfileForm profile={profile} onSaved={onProfile} />
    </section>
  );
}
