// Runs a session recording from the host's renderer: the composite and one recording per participant,
// all under one session id, each streamed to the engine as it is recorded. Participants who leave end
// their segment; if they come back within a grace period their recording continues in a new segment,
// otherwise it is finalized. A reload resumes every recording as a new segment (ids in sessionStorage).
// A participant whose camera is off gets an audio-only recording; if a camera comes on, it continues in a
// new segment with video (participant-media.ts says when).
// Everyone else's view of the recording (banner, indicator, consent) comes from RecordingSignals; LiveKit's
// own room.isRecording, for clients that are not Fieldtape, from RecorderPresence.
import { ConnectionState, RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { tileIdentity, type AnnotationOp } from '../../../../shared/domain/annotation';
import type { RecordingSnapshot } from '../../../../shared/domain/recording';
import { mayRecordFrom, type SessionProfile } from '../../../../shared/domain/session';
import { api } from '../../../api/fieldtape';
import { pickRecorderMime } from '../../../lib/recorder-mime';
import { readTokenClaims } from '../../../lib/invite';
import { loadPersistedSession, updatePersistedRecording, type PersistedRecording, type PersistedSessionRecording } from '../../../lib/session-persistence';
import type { AnnotationStore, OpMeta } from '../../annotations/annotation-store';
import type { SessionClock } from '../session-clock';
import { displayName, orderedParticipants } from '../tiles';
import { recordConsent } from './consent';
import { AUDIO_ONLY_MIME, hasVideoPublication, isAudioOnlyMime, recordsAudioOnly } from './participant-media';
import { IDLE, transition, type OpenReason, type RecorderEffect, type RecorderEvent, type RecorderState } from './session-recorder-state';
import { RecordingGraph, type GraphStats } from './recording-graph';
import { RecordingPipeline, type SegmentTarget } from '../../../lib/recording-pipeline';
import { NOT_RECORDING, RecordingSignals, type ObservedRecording } from './recording-signals';
import { SidecarWriter } from './sidecar-writer';
import { RecorderPresence, type RoomFlagTarget } from './recorder-presence';
import { ControllerState, type HostPhase, type RecordingRow, type SessionRecordingView } from './recording-view';

/** A participant who left may come back this long after and continue the same recording. */
const AWAY_GRACE_MS = 30_000;
const HEARTBEAT_MS = 2_000;
const SIDECAR_FLUSH_MS = 3_000;
const NOTICE_TIMEOUT_MS = 20_000;
/**
 * Session recorders ask for a keyframe every 2 s, like the Record screen: instant delivery cuts its
 * fragmented MP4 (and so its upload parts) at keyframes, and its quick previews trust the promise. Without
 * it Chromium's H.264 recorder makes one keyframe at the start and hardly any after.
 */
const KEYFRAME_INTERVAL_MS = 2000;
/** Half-second hand-overs, as the Record screen's: a crashed renderer takes at most 0.5 s of media with it. */
const TIMESLICE_MS = 500;
/** How long after joining a participant without a camera yet is taken to be still publishing one. */
const CAMERA_ON_ITS_WAY_MS = 3_000;

interface Track {
  /** Resolves once the engine has created the recording (or opened its new segment). */
  ready: Promise<SegmentTarget>;
  /** Filled in when `ready` resolves. */
  recordingId: string | null;
  segment: number;
  /** What this segment is recorded in: the session's video format, or AUDIO_ONLY_MIME. */
  mime: string;
  startedAt: number;
  pipeline: RecordingPipeline | null;
  /** Set once the pipeline is being stopped: whoever stops it again waits for the same drain. */
  stopped?: Promise<void>;
  sidecar: SidecarWriter;
  recordedMs: number;
}

/** How often audio-only recordings look for a camera that came on. */
const CAMERA_CHECK_MS = 500;

/** A participant's own recording: its current (or last) segment and its grace timer while away. */
interface ParticipantEntry {
  identity: string;
  track: Track | null;
  awayTimer: ReturnType<typeof setTimeout> | null;
}

interface ActiveSession {
  sessionId: string;
  sessionStartedAt: number;
  mime: string;
}

export class SessionRecordingController extends ControllerState {
  private profile: SessionProfile = { tokenEndpoint: null, requireRemoteNotice: false, recordPerParticipant: true };
  private readonly signals: RecordingSignals;
  private graph: RecordingGraph | null = null;
  private session: ActiveSession | null = null;
  private composite: Track | null = null;
  private readonly participants = new Map<string, ParticipantEntry>();
  /** Every decision about phases and presence (session-recorder-state.ts); the rest of this class is I/O. */
  private machine: RecorderState = IDLE;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private noticeWaiter: { pending: Set<string>; resolve: (ok: boolean) => void } | null = null;
  private readonly consentSent = new Set<string>();
  /** While recording: the hidden participant with LiveKit's recorder grant, so every client sees it. */
  private readonly roomFlag = new RecorderPresence((roomFlag) => this.set({ roomFlag }));

  constructor(
    private readonly room: Room,
    private readonly annotations: AnnotationStore,
    private readonly clock: SessionClock,
  ) {
    super();
    this.signals = new RecordingSignals(room, {
      observed: (observed) => this.onObserved(observed),
      consent: (participant, sessionId, kind) => this.onRemoteConsent(participant, sessionId, kind),
      stateRequested: (participant) => this.sendState([participant]),
      heartbeat: (host, sessionId, sentAt) => {
        if (sentAt !== undefined && host !== this.me()) this.clock.observe(host, sentAt);
        this.repeatConsent(host, sessionId);
      },
    });
  }

  setProfile(profile: SessionProfile): void {
    this.profile = profile;
  }

  attach(): () => void {
    const detachSignals = this.signals.attach();
    const onJoined = (p: RemoteParticipant) => this.onParticipantPresent(p.identity, 'reconnect');
    const onLeft = (p: RemoteParticipant) => this.onParticipantLeft(p.identity);
    const onConnected = () => {
      this.reconcilePresence();
      this.sendState();
      // After a reconnect the recorder participant may have been dropped with us.
      if (this.active() && this.roomFlag.current.kind !== 'on') this.raiseRoomFlag();
    };
    const offOps = this.annotations.onOp((op, meta) => this.onAnnotation(op, meta));
    const offUpdates = api.on('recording.updated', (snapshot) => this.onSnapshot(snapshot));
    this.room.on(RoomEvent.ParticipantConnected, onJoined);
    this.room.on(RoomEvent.ParticipantDisconnected, onLeft);
    this.room.on(RoomEvent.Connected, onConnected);
    this.room.on(RoomEvent.Reconnected, onConnected);
    return () => {
      detachSignals();
      offOps();
      offUpdates();
      this.room.off(RoomEvent.ParticipantConnected, onJoined);
      this.room.off(RoomEvent.ParticipantDisconnected, onLeft);
      this.room.off(RoomEvent.Connected, onConnected);
      this.room.off(RoomEvent.Reconnected, onConnected);
    };
  }

  mayRecord(): boolean {
    const me = this.room.localParticipant;
    return mayRecordFrom(me.metadata, me.attributes ?? {});
  }

  /** Host: start recording. Call from the click handler (the audio mix needs the user's gesture). */
  async start(): Promise<void> {
    if (this.view.phase !== 'idle') return;
    const observed = this.signals.observed;
    if (observed.active && observed.host !== this.me()) return this.setError(`${observed.host} is already recording this session.`);
    if (!this.mayRecord()) return this.setError('Your invite does not allow you to record this session.');
    const mime = pickRecorderMime((m) => MediaRecorder.isTypeSupported(m));
    if (!mime) return this.setError('This window cannot record video (no supported MediaRecorder format).');
    this.graph ??= new RecordingGraph(this.room, this.annotations);
    const session: ActiveSession = { sessionId: newSessionId(), sessionStartedAt: Date.now(), mime };
    this.session = session;
    this.set({ error: null });
    const notify = this.profile.requireRemoteNotice ? [...this.room.remoteParticipants.keys()] : [];
    if (!this.dispatch({ type: 'start', notify, perParticipant: this.profile.recordPerParticipant })) return;
    if (notify.length > 0 && !(await this.notifyEveryone(session.sessionId))) return;
    if (this.machine.phase !== 'starting') return; // stopped while the notice was out
    // Recorders start now; the engine catches up (chunks wait in memory until it has the recording).
    // 'starting' lasts until the engine has created the composite: then the recording exists.
    const composite = this.open(null, null, 'start');
    this.composite = composite;
    if (this.profile.recordPerParticipant) {
      for (const p of orderedParticipants(this.room)) this.onParticipantPresent(p.identity, 'start');
    }
    this.becomeRecording();
    try {
      const { recordingId } = await composite.ready;
      if (this.machine.phase === 'starting') this.dispatch({ type: 'composite-ready' });
      recordConsent(session.sessionId, this.me(), 'shown', recordingId);
      recordConsent(session.sessionId, this.me(), 'acknowledged', recordingId);
    } catch (error) {
      this.setError(`Recording could not start: ${(error as Error).message}`);
      await this.stop();
    }
  }

  /** After a reload: resume every recording of the session as a new segment. */
  resume(saved: PersistedSessionRecording): void {
    if (this.session) return;
    // Marks for the reload test and support: how long after the page started loading the recording resumed.
    performance.mark('fieldtape:resume');
    this.session = { sessionId: saved.sessionId, sessionStartedAt: saved.sessionStartedAt, mime: saved.composite?.mime ?? 'video/webm;codecs=vp8,opus' };
    this.graph ??= new RecordingGraph(this.room, this.annotations);
    for (const [identity, rec] of Object.entries(saved.participants)) {
      this.participants.set(identity, { identity, track: this.restoreTrack(rec, identity), awayTimer: null });
    }
    const resumed = Object.fromEntries(Object.entries(saved.participants).map(([identity, rec]) => [identity, { audioOnly: isAudioOnlyMime(rec.mime), segments: rec.segment }]));
    // Saved participants count as away (their grace timers run) until each is seen again, just below.
    this.dispatch({ type: 'resume', participants: resumed, perParticipant: true });
    const composite = this.open(null, saved.composite, 'reload');
    this.composite = composite;
    this.becomeRecording();
    // Each participant's recording resumes at once too, before knowing whether they are still there: until
    // the room is back their canvas says they are not connected, so the file has no gap; whoever turns out
    // to be gone is handled as having left (reconcilePresence). (With 720p participant canvases, starting
    // them all with the composite delayed the composite's own start; at 360p they are cheap enough.)
    for (const identity of Object.keys(saved.participants)) this.onParticipantPresent(identity, 'reload');
    if (this.room.state === ConnectionState.Connected) this.reconcilePresence();
  }

  private restoreTrack(saved: PersistedRecording, identity: string): Track {
    const session = this.session!;
    const header = {
      sessionId: session.sessionId,
      recordingId: saved.recordingId,
      participant: identity,
      kind: 'participant' as const,
      sessionStartedAt: new Date(session.sessionStartedAt).toISOString(),
      recordingStartedAt: new Date(saved.startedAt).toISOString(),
    };
    return {
      ready: Promise.resolve({ recordingId: saved.recordingId, segment: saved.segment }),
      recordingId: saved.recordingId,
      segment: saved.segment,
      mime: saved.mime,
      startedAt: saved.startedAt,
      pipeline: null,
      sidecar: new SidecarWriter(Promise.resolve(header), saved.startedAt),
      recordedMs: 0,
    };
  }

  /** (Re)connected: record who is here, and end the segments of those no longer here. */
  private reconcilePresence(): void {
    const present = orderedParticipants(this.room).map((p) => p.identity);
    for (const identity of present) this.onParticipantPresent(identity, 'reload');
    for (const identity of this.participants.keys()) {
      if (this.presence(identity) === 'recording' && !present.includes(identity)) this.onParticipantLeft(identity);
    }
  }

  /** Host: stop every recording of the session and finalize them. */
  async stop(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const effects = this.dispatch({ type: 'stop' });
    if (!effects) return;
    // Every LiveKit client sees the recording end now, not once the files are saved.
    void this.roomFlag.lower();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const live = effects.flatMap((e) => (e.type === 'stop-all' ? e.participants : []));
    const tracks = [this.composite, ...live.map((identity) => this.participants.get(identity)?.track ?? null)].filter((t): t is Track => t !== null);
    // Each recording is finalized as soon as its own last chunk and sidecar are saved: one slow recorder
    // (a long backlog under load) does not hold back the others' finalize and delivery. How many
    // finalize at once is the engine's to decide (recording-finalizer.ts): here a limit of 2 made the
    // third and fourth file of an instantly delivered session wait ~2.5 s for the first two.
    const finalized: Array<Promise<void>> = [];
    await Promise.all(
      tracks.map(async (t) => {
        await this.stopPipeline(t);
        await t.sidecar.flush();
        finalized.push(this.finalize(t));
      }),
    );
    this.signals.setLocal(NOT_RECORDING);
    this.signals.send({ kind: 'state', active: false, sessionId: session.sessionId, host: this.me(), elapsedMs: Date.now() - session.sessionStartedAt });
    this.signals.publishAttribute(null);
    this.session = null;
    this.composite = null;
    this.participants.clear();
    updatePersistedRecording(() => null);
    await this.teardownGraph();
    await Promise.all(finalized);
    this.dispatch({ type: 'stopped' });
  }

  /** Asks the engine to finalize a track's recording (once the engine has it at all). */
  private async finalize(track: Track): Promise<void> {
    const target = await track.ready.catch(() => null);
    if (!target) return;
    const result = await api.recording.stop({ recordingId: target.recordingId });
    if (result.ok) this.onSnapshot(result.value);
    else this.setError(`Recording ${target.recordingId} could not be finalized: ${result.error.message}`);
  }

  /** This participant acknowledges the recording notice. */
  acknowledge(): void {
    const observed = this.signals.observed;
    if (!observed.sessionId || !observed.host) return;
    this.set({ acknowledged: observed.sessionId });
    if (observed.host === this.me()) return;
    recordConsent(observed.sessionId, this.me(), 'acknowledged', null);
    this.signals.send({ kind: 'consent', sessionId: observed.sessionId, participant: this.me(), consent: 'acknowledged' }, [observed.host]);
  }

  /** Recording frames drawn and chunks waiting, for the benchmark and the status line. */
  diagnostics(): { compositeFrames: number; graphAgeMs: number; drawMs: number; composeMs: number; composeStages: GraphStats['composeStages'] | null; sourceSizes: string; conversions: number; skipped: number; backlog: number } {
    const stats = this.graph?.getStats();
    const tracks = [this.composite, ...[...this.participants.values()].map((e) => e.track)];
    return {
      compositeFrames: stats?.compositeFrames ?? 0,
      graphAgeMs: stats ? performance.now() - stats.startedAt : 0,
      drawMs: stats?.drawMs ?? 0,
      composeMs: stats?.composeMs ?? 0,
      composeStages: stats?.composeStages ?? null,
      sourceSizes: stats?.sourceSizes ?? '',
      conversions: stats?.conversions ?? 0,
      skipped: stats?.skipped ?? 0,
      backlog: Math.max(0, ...tracks.map((t) => t?.pipeline?.pending() ?? 0)),
    };
  }

  // ---- internals ----

  private me(): string {
    return this.room.localParticipant.identity;
  }

  /** Recorders are running: starting (the engine is creating the composite) or recording. */
  private active(): boolean {
    return this.machine.phase === 'starting' || this.machine.phase === 'recording';
  }

  private presence(identity: string): string | null {
    return this.machine.participants[identity]?.kind ?? null;
  }

  /**
   * Applies one event; the view's phase follows the machine's. Participant effects are carried out here;
   * the host's (composite, notice, stop-all) by the method that dispatched, which knows their context.
   * Returns the effects, or null when the event was not legal now (it is logged, not acted on).
   */
  private dispatch(event: RecorderEvent): RecorderEffect[] | null {
    const next = transition(this.machine, event);
    if (!next.ok) {
      console.warn(`session recorder: ${next.reason}`);
      return null;
    }
    this.machine = next.state;
    if (this.view.phase !== next.state.phase) this.set({ phase: next.state.phase });
    for (const effect of next.effects) this.perform(effect);
    return next.effects;
  }

  private perform(effect: RecorderEffect): void {
    switch (effect.type) {
      case 'open-segment':
        this.openParticipant(effect.participant, effect.reason, effect.audioOnly);
        break;
      case 'end-segment':
        void this.endSegment(effect.participant);
        break;
      case 'start-grace': {
        const entry = this.participants.get(effect.participant);
        if (!entry) break;
        if (entry.awayTimer) clearTimeout(entry.awayTimer);
        entry.awayTimer = setTimeout(() => {
          entry.awayTimer = null;
          this.dispatch({ type: 'grace-expired', participant: effect.participant });
        }, AWAY_GRACE_MS);
        break;
      }
      case 'cancel-grace': {
        const entry = this.participants.get(effect.participant);
        if (entry?.awayTimer) clearTimeout(entry.awayTimer);
        if (entry) entry.awayTimer = null;
        break;
      }
      case 'finalize':
        void this.finishParticipant(effect.participant);
        break;
      default:
        break; // host effects: see dispatch()
    }
  }

  private becomeRecording(): void {
    const session = this.session!;
    // The recording host's clock is the session's clock (session-clock.ts).
    this.clock.becomeReference(this.me());
    this.signals.setLocal({ active: true, notice: false, sessionId: session.sessionId, host: this.me(), startedAt: performance.now() - (Date.now() - session.sessionStartedAt), hostAway: false });
    this.persist();
    this.sendState();
    this.timers.push(setInterval(() => this.sendState(), HEARTBEAT_MS));
    this.timers.push(setInterval(() => this.checkCameras(), CAMERA_CHECK_MS));
    this.timers.push(
      setInterval(() => {
        for (const track of this.allTracks()) void track.sidecar.flush();
        this.set(this.diagnostics());
      }, SIDECAR_FLUSH_MS),
    );
    this.raiseRoomFlag();
  }

  private raiseRoomFlag(): void {
    const target = this.roomFlagTarget();
    if (target) void this.roomFlag.raise(target);
  }

  /**
   * The room and the host's identity. After a reload the room is not connected yet, and the saved invite's
   * token says both: the flag goes up with the resumed recorders, not once the page has rejoined.
   */
  private roomFlagTarget(): RoomFlagTarget | null {
    if (this.room.name && this.room.localParticipant.identity) return { room: this.room.name, identity: this.room.localParticipant.identity };
    const saved = loadPersistedSession();
    const claims = saved ? readTokenClaims(saved.token) : null;
    return claims?.room && claims.identity ? { room: claims.room, identity: claims.identity } : null;
  }

  private sendState(to?: string[]): void {
    const session = this.session;
    if (!session || !this.active() || this.room.state !== ConnectionState.Connected) return;
    const now = Date.now();
    const state = { kind: 'state' as const, active: true, sessionId: session.sessionId, host: this.me(), elapsedMs: now - session.sessionStartedAt };
    this.signals.send({ ...state, sentAt: now }, to);
    // The attribute is read long after it is set: it carries no clock.
    if (!to) this.signals.publishAttribute({ ...state, elapsedMs: 0 });
  }

  /**
   * Starts one recording's recorder at once and asks the engine, in the background, to create the
   * recording (or, given a saved one, to continue it in a new segment).
   */
  private open(identity: string | null, saved: PersistedRecording | null, reason: OpenReason, after?: Promise<void>, audioOnlyDecided?: boolean): Track {
    const session = this.session!;
    const graph = this.graph!;
    const participant = identity ? this.room.getParticipantByIdentity(identity) : null;
    const name = participant ? displayName(participant) : (identity ?? 'composite');
    const continuing = saved !== null && reason !== 'start';
    const audioOnly = identity !== null && (audioOnlyDecided ?? recordsAudioOnly(this.hasVideo(identity), continuing ? saved.mime : null, audioOnlySupported()));
    const mime = audioOnly ? AUDIO_ONLY_MIME : session.mime;
    const stream = identity ? (audioOnly ? graph.participantAudioStream(identity) : graph.participantStream(identity, name)) : graph.compositeStreamFor();
    const startedAt = continuing ? saved.startedAt : Date.now();
    const ready = this.target(identity, name, continuing ? saved : null, reason, mime, after);
    const header = ready.then(({ recordingId }) => ({
      sessionId: session.sessionId,
      recordingId,
      participant: identity,
      kind: identity ? ('participant' as const) : ('composite' as const),
      sessionStartedAt: new Date(session.sessionStartedAt).toISOString(),
      recordingStartedAt: new Date(startedAt).toISOString(),
    }));
    // A continued recording keeps its id in sessionStorage while the engine opens the next segment.
    const track: Track = { ready, recordingId: continuing ? saved.recordingId : null, segment: continuing ? saved.segment : 0, mime, startedAt, pipeline: null, sidecar: new SidecarWriter(header, startedAt), recordedMs: 0 };
    if (!continuing) {
      // Marks already on screen when the recording starts are part of it from t = 0.
      for (const stroke of this.annotations.getSnapshot()) {
        if (identity === null || tileIdentity(stroke.tile) === identity) track.sidecar.record({ op: 'add', stroke }, startedAt);
      }
    }
    track.pipeline = new RecordingPipeline({
      target: ready,
      mime,
      stream,
      videoBitsPerSecond: identity ? 1_000_000 : 2_500_000,
      ...(isAudioOnlyMime(mime) ? {} : { keyFrameIntervalMs: KEYFRAME_INTERVAL_MS }),
      // A renderer that dies loses what its recorders held since their last hand-over: at most this much.
      timesliceMs: TIMESLICE_MS,
      onFatal: (error) => this.setError(`Recording ${identity ? `of ${name}` : '(composite)'} lost data: ${error.message}`),
      // The compositor draws an output's frame on its own tick; a Stop right after Start asks for one now.
      ...(audioOnly ? {} : { requestFrame: () => graph.primeFrame(identity) }),
    });
    track.pipeline.start();
    graph.primeFrame(identity);
    ready.then(
      ({ recordingId, segment }) => {
        track.recordingId = recordingId;
        track.segment = segment;
        this.upsertRow({ recordingId, kind: identity ? 'participant' : 'composite', participant: identity, state: 'recording', durationSec: null, segments: segment, recordedMs: track.recordedMs });
        this.persist();
      },
      (error: unknown) => this.setError(`The recording ${identity ? `of ${name}` : '(composite)'} could not start: ${(error as Error).message}`),
    );
    return track;
  }

  /** Ends the track's current segment; its wall-clock span is added to what the row reports. */
  private stopPipeline(track: Track): Promise<void> {
    const pipeline = track.pipeline;
    if (!pipeline) return track.stopped ?? Promise.resolve();
    track.pipeline = null;
    track.stopped = (async () => {
      await pipeline.stop();
      track.recordedMs += pipeline.recordedMs();
      const target = await track.ready.catch(() => null);
      if (target) this.upsertRow({ recordingId: target.recordingId, recordedMs: track.recordedMs });
    })();
    return track.stopped;
  }

  /** The engine side of open(): a new recording, or the next segment of a saved one. */
  private async target(identity: string | null, name: string, saved: PersistedRecording | null, reason: OpenReason, mime: string, after?: Promise<void>): Promise<SegmentTarget> {
    const session = this.session!;
    if (saved) {
      // The previous segment's last chunks must land before the engine opens the next one (they would be
      // refused afterwards): a participant can come back while their segment is still draining.
      await after?.catch(() => undefined);
      const segmentReason = reason === 'reconnect' ? 'reconnect' : reason === 'camera-on' ? 'device-change' : 'reload';
      const result = await api.recording.segment({ recordingId: saved.recordingId, mime, reason: segmentReason });
      if (result.ok && result.value.detail.status === 'recording') return { recordingId: saved.recordingId, segment: result.value.detail.segment };
      // It never got its first chunk, or it is gone: finish what there is and start a new one.
      void api.recording.stop({ recordingId: saved.recordingId });
    }
    const room = this.room.name || 'session';
    const result = await api.recording.start({
      mime,
      title: identity ? `${room} — ${name}` : `${room} — composite`,
      label: identity ? `participant ${name}` : 'composite',
      ...(isAudioOnlyMime(mime) ? {} : { keyframeIntervalMs: KEYFRAME_INTERVAL_MS }),
      sessionId: session.sessionId,
      participant: identity,
    });
    if (!result.ok) throw new Error(result.error.message);
    return { recordingId: result.value.id, segment: 1 };
  }

  /** A participant is in the room (joined, came back, or was there when we (re)connected). */
  private onParticipantPresent(identity: string, reason: 'start' | 'reload' | 'reconnect'): void {
    if (!this.session || !identity || !this.profile.recordPerParticipant) return;
    // Without an audio-only recorder, a participant without a camera gets the initials card: "video".
    this.dispatch({ type: 'present', participant: identity, hasVideo: this.hasVideo(identity) || !audioOnlySupported() || this.cameraLikelyComing(identity), reason });
  }

  /**
   * Someone who joined moments ago, while we record, publishes their microphone first and their camera
   * seconds later. Recording them audio-only for those seconds and then switching to video costs a second
   * segment, and every recorder start loses a moment of media (seen as up to 1.1 s missing from a late
   * joiner's file). So a joiner this fresh counts as a camera on its way: the initials card stands in until
   * its frames arrive, as for any camera that has not reached us yet. Participants already there at Start,
   * or longer than this without a camera, are recorded audio-only.
   */
  private cameraLikelyComing(identity: string): boolean {
    const joinedAt = this.room.getParticipantByIdentity(identity)?.joinedAt?.getTime();
    const session = this.session;
    if (joinedAt === undefined || !session || joinedAt < session.sessionStartedAt) return false;
    return Date.now() - joinedAt < CAMERA_ON_ITS_WAY_MS;
  }

  /** The machine's open-segment: a new recording, or the next segment of this participant's recording. */
  private openParticipant(identity: string, reason: OpenReason, audioOnly: boolean): void {
    const existing = this.participants.get(identity);
    const previous = existing?.track ?? null;
    const saved = previous?.recordingId ? { recordingId: previous.recordingId, segment: previous.segment, mime: previous.mime, startedAt: previous.startedAt } : null;
    // The next segment opens once the previous one's last chunk landed (end-segment came just before).
    const track = this.open(identity, saved, saved ? reason : 'start', previous?.stopped, audioOnly && audioOnlySupported());
    // The row reports the whole recording's recorder time, not only the new segment's: the previous
    // segments' time is final once the previous one has stopped.
    if (saved && previous) void (previous.stopped ?? Promise.resolve()).then(() => (track.recordedMs += previous.recordedMs));
    this.participants.set(identity, { identity, track, awayTimer: existing?.awayTimer ?? null });
  }

  /** The machine's end-segment: the segment's last chunk and marks are saved. */
  private async endSegment(identity: string): Promise<void> {
    const track = this.participants.get(identity)?.track;
    if (!track) return;
    await this.stopPipeline(track);
    await track.sidecar.flush();
    // They may have come back while the segment drained: their new segment records from the same canvas,
    // so it is released only if they are still away.
    if (this.presence(identity) === 'away') this.graph?.releaseParticipant(identity);
    this.persist();
  }

  /** Whether this participant publishes a camera or screen share now (participant-media.ts). */
  private hasVideo(identity: string): boolean {
    const participant = this.room.getParticipantByIdentity(identity);
    return participant !== undefined && hasVideoPublication(participant.trackPublications.values());
  }

  /** An audio-only recording whose participant now has a camera (or screen) on continues with video. */
  private checkCameras(): void {
    if (!this.active()) return;
    for (const entry of this.participants.values()) {
      const track = entry.track;
      // Once the engine has the recording, so that the video continues it as its next segment.
      if (this.presence(entry.identity) !== 'recording' || !track?.pipeline || track.mime !== AUDIO_ONLY_MIME || !track.recordingId) continue;
      // The segment ends first (its last chunk durable), then the next one opens: segments never overlap.
      if (this.hasVideo(entry.identity)) this.dispatch({ type: 'camera-on', participant: entry.identity });
    }
  }

  private onParticipantLeft(identity: string): void {
    const session = this.session;
    if (session && this.active()) {
      recordConsent(session.sessionId, identity, 'participant-left', this.composite?.recordingId ?? null);
      this.set({ consent: { ...this.view.consent, [identity]: 'left' } });
    }
    this.dispatch({ type: 'left', participant: identity });
  }

  /** The grace period passed: this participant's recording is finished. */
  private async finishParticipant(identity: string): Promise<void> {
    const track = this.participants.get(identity)?.track;
    if (track) {
      await track.stopped;
      await track.sidecar.flush();
      await this.finalize(track);
    }
    if (this.presence(identity) === 'finishing') this.dispatch({ type: 'finished', participant: identity });
    this.persist();
  }

  private async notifyEveryone(sessionId: string): Promise<boolean> {
    const pending = new Set([...this.room.remoteParticipants.keys()]);
    if (pending.size === 0) return true;
    let timeout: ReturnType<typeof setTimeout> | null = null;
    const ok = await new Promise<boolean>((resolve) => {
      this.noticeWaiter = { pending, resolve };
      this.signals.send({ kind: 'notice', sessionId, host: this.me() });
      timeout = setTimeout(() => resolve(false), NOTICE_TIMEOUT_MS);
    });
    // Confirmed in time: the timer must not fire later (it would resolve a waiter of the next attempt).
    if (timeout !== null) clearTimeout(timeout);
    const missing = [...(this.noticeWaiter?.pending ?? [])];
    this.noticeWaiter = null;
    if (ok) return true;
    this.dispatch({ type: 'notice-timeout' });
    this.session = null;
    await this.teardownGraph();
    this.signals.send({ kind: 'state', active: false, sessionId, host: this.me(), elapsedMs: 0 });
    this.setPhaseError('idle', `Recording did not start: the recording notice was not confirmed by ${missing.join(', ')}. Your profile requires every participant to be notified first.`);
    return false;
  }

  private onRemoteConsent(participant: string, sessionId: string, kind: 'shown' | 'acknowledged'): void {
    if (!this.session || this.session.sessionId !== sessionId) return;
    const key = `${sessionId}|${participant}|${kind}`;
    if (this.consentSent.has(key)) return;
    this.consentSent.add(key);
    recordConsent(sessionId, participant, kind, this.composite?.recordingId ?? null);
    const current = this.view.consent[participant];
    if (kind === 'acknowledged' || current !== 'acknowledged') this.set({ consent: { ...this.view.consent, [participant]: kind } });
    if (this.noticeWaiter) {
      this.dispatch({ type: 'notice-confirmed', participant });
      this.noticeWaiter.pending.delete(participant);
      if (this.noticeWaiter.pending.size === 0) this.noticeWaiter.resolve(true);
    }
  }

  /** What this participant's banner and indicator show; the first sight of a recording is 'shown'. */
  private onObserved(observed: ObservedRecording): void {
    this.set({ observed });
    const sessionId = observed.sessionId;
    if (!sessionId || !observed.host || observed.host === this.me() || !(observed.active || observed.notice)) return;
    const key = `shown|${sessionId}`;
    if (this.consentSent.has(key)) return;
    this.consentSent.add(key);
    recordConsent(sessionId, this.me(), 'shown', null);
    this.signals.send({ kind: 'consent', sessionId, participant: this.me(), consent: 'shown' }, [observed.host]);
  }

  /**
   * A consent message can be lost: one sent the moment this participant joined may reach the host before
   * the host knows who sent it, and LiveKit then cannot name the sender. So every host heartbeat is
   * answered with this participant's consent so far; the host records each kind once.
   */
  private repeatConsent(host: string, sessionId: string): void {
    if (host === this.me() || !this.consentSent.has(`shown|${sessionId}`)) return;
    this.signals.send({ kind: 'consent', sessionId, participant: this.me(), consent: 'shown' }, [host]);
    if (this.view.acknowledged === sessionId) this.signals.send({ kind: 'consent', sessionId, participant: this.me(), consent: 'acknowledged' }, [host]);
  }

  /** Every mark goes in the sidecars at the time its author drew it (session clock), not when it got here. */
  private onAnnotation(op: AnnotationOp, { tile, at }: OpMeta): void {
    if (!this.session) return;
    this.composite?.sidecar.record(op, at);
    for (const entry of this.participants.values()) {
      if (!entry.track) continue;
      if (op.op === 'clear' ? tile === null || tileIdentity(tile) === entry.identity : tile !== null && tileIdentity(tile) === entry.identity) {
        entry.track.sidecar.record(op, at);
      }
    }
  }

  private onSnapshot(snapshot: RecordingSnapshot): void {
    if (!this.view.recordings.some((r) => r.recordingId === snapshot.id)) return;
    this.upsertRow({ recordingId: snapshot.id, state: snapshot.state, durationSec: snapshot.durationSec, segments: snapshot.segments });
  }

  private upsertRow(row: Partial<RecordingRow> & { recordingId: string }): void {
    const rows = this.view.recordings;
    const i = rows.findIndex((r) => r.recordingId === row.recordingId);
    const next = i < 0 ? [...rows, { kind: 'composite', participant: null, state: 'recording', durationSec: null, segments: 1, recordedMs: 0, ...row } as RecordingRow] : rows.map((r, j) => (j === i ? { ...r, ...row } : r));
    this.set({ recordings: next });
  }

  private allTracks(): Track[] {
    return [this.composite, ...[...this.participants.values()].map((e) => e.track)].filter((t): t is Track => t !== null);
  }

  private persist(): void {
    const session = this.session;
    updatePersistedRecording(() => {
      if (!session) return null;
      const saved = (t: Track | null | undefined): PersistedRecording | null =>
        t?.recordingId ? { recordingId: t.recordingId, segment: t.segment, mime: t.mime, startedAt: t.startedAt } : null;
      const participants: Record<string, PersistedRecording> = {};
      for (const entry of this.participants.values()) {
        const rec = this.presence(entry.identity) !== 'done' ? saved(entry.track) : null;
        if (rec) participants[entry.identity] = rec;
      }
      return { sessionId: session.sessionId, sessionStartedAt: session.sessionStartedAt, composite: saved(this.composite), participants };
    });
  }

  private async teardownGraph(): Promise<void> {
    const graph = this.graph;
    this.graph = null;
    await graph?.dispose();
  }

  private setError(message: string): void {
    this.set({ error: message });
  }

  private setPhaseError(phase: HostPhase, message: string): void {
    this.set({ phase, error: message });
  }
}

function audioOnlySupported(): boolean {
  return MediaRecorder.isTypeSupported(AUDIO_ONLY_MIME);
}

function newSessionId(): string {
  return `ses_${Date.now().toString(36)}${crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), '')}`;
}

export type { SessionRecordingView };
