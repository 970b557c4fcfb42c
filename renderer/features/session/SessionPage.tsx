// The Session screen. Drives the session's Room (useSessionRoom), its annotations and its recording
// controller, which live as long as the page (session-runtime.ts), so switching screens never drops the
// call. After a reload it rejoins by itself; the recording has already resumed as a new segment.
import { RoomContext } from '@livekit/components-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionProfile } from '../../../shared/domain/session';
import { api } from '../../api/fieldtape';
import { buildInviteLink, inviteFromSearch, type Invite } from '../../lib/invite';
import { loadPersistedSession, savePersistedSession, type PersistedSession } from '../../lib/session-persistence';
import { AnnotationProvider } from '../annotations/annotation-context';
import { useAnnotationSync } from '../annotations/use-annotation-sync';
import { InSession } from './InSession';
import { PreJoin } from './PreJoin';
import { useSessionRecording } from './recording/use-session-recording';
import { needsAnotherRoom, sessionRuntime } from './session-runtime';
import { useSessionRoom, type DeviceChoices } from './use-session-room';
import './session.css';

/** Whether the app should open on the Session screen: an invite in the URL or a session to resume. */
export function sessionOpensAtLaunch(): boolean {
  return inviteFromSearch(window.location.search) !== null || loadPersistedSession() !== null;
}

export function SessionPage({ visible, onOpen }: { visible: boolean; onOpen(): void }) {
  const runtime = sessionRuntime();
  const session = useSessionRoom(runtime.room, runtime.encryption);
  const store = runtime.annotations;
  const [profile, setProfile] = useState<SessionProfile | null>(null);
  const { controller, view } = useSessionRecording(runtime.controller, profile);
  const [saved] = useState(loadPersistedSession);
  const [inviteText, setInviteText] = useState(() => inviteFromSearch(window.location.search) ?? (saved ? buildInviteLink(saved) : ''));
  const connected = session.phase === 'connected';
  useAnnotationSync(session.room, store, connected);

  useEffect(() => {
    let live = true;
    void api.session.profile({}).then((result) => {
      if (live && result.ok) setProfile(result.value);
    });
    return () => {
      live = false;
    };
  }, []);

  // Deep links routed by the Electron shell fill the invite and bring this screen forward.
  useEffect(
    () =>
      api.on('link.opened', (link) => {
        if (link.kind !== 'join') return;
        setInviteText(buildInviteLink(link));
        onOpen();
      }),
    [onOpen],
  );

  const join = useCallback(
    async (invite: Invite, choices: DeviceChoices) => {
      const persisted = (recording: PersistedSession['recording']): PersistedSession => ({
        version: 1,
        url: invite.url,
        token: invite.token,
        ...(invite.e2eeKey ? { e2eeKey: invite.e2eeKey } : {}),
        devices: { camera: choices.camera, microphone: choices.microphone, cameraOn: choices.cameraOn, micOn: choices.micOn },
        recording,
      });
      if (needsAnotherRoom(invite)) {
        // Encrypted with another key, or not at all: the page reloads into a Room made for it and joins.
        savePersistedSession(persisted(null));
        window.location.reload();
        return;
      }
      const ok = await session.join(invite, choices);
      if (ok) savePersistedSession(persisted(loadPersistedSession()?.recording ?? null));
    },
    [session],
  );

  // After a reload: the recording already resumed (main.tsx, before rendering); rejoin the room.
  const rejoined = useRef(false);
  useEffect(() => {
    if (rejoined.current || !saved) return;
    rejoined.current = true;
    void join({ url: saved.url, token: saved.token, ...(saved.e2eeKey ? { e2eeKey: saved.e2eeKey } : {}) }, saved.devices);
  }, [saved, join]);

  const leave = async () => {
    if (view.phase === 'recording') await controller.stop();
    await session.leave();
    savePersistedSession(null);
  };

  if (session.phase === 'connected') {
    return (
      <RoomContext.Provider value={session.room}>
        <AnnotationProvider store={store}>
          <InSession controller={controller} recording={view} mediaError={session.mediaError} encrypted={runtime.encryption !== null} onLeave={() => void leave()} />
        </AnnotationProvider>
      </RoomContext.Provider>
    );
  }
  return (
    <>
      {session.phase === 'left' && <p aria-live="polite">You left the session.</p>}
      <PreJoin
        visible={visible}
        inviteText={inviteText}
        onInviteText={setInviteText}
        profile={profile}
        onProfile={setProfile}
        phase={session.phase}
        joinError={session.error}
        onJoin={(invite, choices) => void join(invite, choices)}
      />
    </>
  );
}
