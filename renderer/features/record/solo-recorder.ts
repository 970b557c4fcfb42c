// A solo recording from the Record screen: I/O around the pure state machine in solo-state.ts. It gets the
// media (capture-streams.ts), builds the picture (the camera bubble is composited in a worker:
// compositor.ts) and the sound (microphone, system audio, mixed when both), and streams MediaRecorder
// chunks into the engine's journal through the same RecordingPipeline sessions use. One per page, outside
// React, so that after a renderer crash or reload main.tsx can resume it before the app has rendered.
//
// Pause is in-stream (MediaRecorder.pause()): the engine keeps the segment open, the file's timeline skips
// the pause, and instant delivery keeps uploading the same fragmented MP4. A reload cannot continue the
// old stream, so it continues the recording as a new segment (and delivery then happens after Stop).
import { api, unwrap } from '../../api/fieldtape';
import { AudioMixer } from '../../lib/audio-mixer';
import { RecordingPipeline, type SegmentTarget } from '../../lib/recording-pipeline';
import { startTicker, type Ticker } from '../../lib/ticker';
import { sleptBetween } from './sleep-detector';
import { captureMedia, replaceEndedTracks, type CaptureChoice, type CapturedMedia } from './capture-streams';
import { ScreenCameraCompositor } from './compositor';
import { layoutNeeds, type BubbleCorner, type SoloLayout } from './solo-layout';
import { loadPersistedSolo, savePersistedSolo, type PersistedSolo } from './solo-persistence';
import { INITIAL_SOLO_STATE, soloTransition, type SoloEvent, type SoloState } from './solo-state';

export interface SoloStartOptions extends CaptureChoice {
  corner: BubbleCorner;
  title: string;
  ticket: string;
}

/** Video-then-audio MediaRecorder formats, H.264 first: finalize and instant delivery copy it unchanged. */
const VIDEO_MIMES = ['video/webm;codecs=h264,opus', 'video/x-matroska;codecs=h264,opus', 'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus'];
const AUDIO_MIMES = ['audio/webm;codecs=opus'];
/** Keyframes every 2 s: a fragment (and so an upload part's worth of media) per keyframe, and quick seeks. */
const KEYFRAME_INTERVAL_MS = 2000;
/** Half-second chunks: a renderer crash loses at most what the recorder held since its last hand-over. */
const TIMESLICE_MS = 500;

export function pickSoloMime(layout: SoloLayout, hasAudio: boolean, isTypeSupported: (mime: string) => boolean = (m) => MediaRecorder.isTypeSupported(m)): string | null {
  if (layout === 'audio') return AUDIO_MIMES.find(isTypeSupported) ?? null;
  const candidates = hasAudio ? VIDEO_MIMES : VIDEO_MIMES.map((m) => m.replace(',opus', ''));
  return candidates.find(isTypeSupported) ?? null;
}

/** What a recording of this layout at this size costs in bits: enough for legible text on a 1080p screen. */
function videoBitrate(layout: SoloLayout): number {
  return layout === 'camera' ? 2_500_000 : 4_000_000;
}

interface Running {
  media: CapturedMedia;
  compositor: ScreenCameraCompositor | null;
  mixer: AudioMixer | null;
  pipeline: RecordingPipeline;
  persisted: PersistedSolo;
}

export class SoloRecorder {
  private state: SoloState = INITIAL_SOLO_STATE;
  private running: Running | null = null;
  private readonly listeners = new Set<() => void>();
  /** The stream being recorded (for a small live preview); null when idle. */
  private previewStream: MediaStream | null = null;
  /** Notices a sleep/wake while a recording runs (a worker's clock: not throttled in a hidden page). */
  private wakeClock: Ticker | null = null;
  private restarting = false;
  /** What the tray's Start and the global shortcut record: the Record screen's current choices. */
  private defaults: SoloStartOptions = { layout: 'screen', corner: 'bottom-right', cameraId: null, microphone: true, microphoneId: null, systemAudio: false, title: '', ticket: '' };

  setDefaults(options: SoloStartOptions): void {
    this.defaults = options;
  }

  /** Start/Stop from the shell (tray menu, global shortcut): the same calls the buttons make. */
  command(command: 'record.toggle' | 'record.start' | 'record.stop'): void {
    const live = this.state.phase === 'recording' || this.state.phase === 'paused';
    if (command === 'record.stop' || (command === 'record.toggle' && live)) void this.stop();
    else if (!live && (this.state.phase === 'idle' || this.state.phase === 'failed')) void this.start(this.defaults);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SoloState => this.state;

  preview(): MediaStream | null {
    return this.previewStream;
  }

  private dispatch(event: SoloEvent): boolean {
    const result = soloTransition(this.state, event);
    if (!result.ok) return false;
    this.state = result.state;
    this.persist();
    for (const listener of this.listeners) listener();
    return true;
  }

  private persist(): void {
    const run = this.running;
    if (!run || (this.state.phase !== 'recording' && this.state.phase !== 'paused')) {
      if (this.state.phase === 'idle' || this.state.phase === 'failed') savePersistedSolo(null);
      return;
    }
    const elapsedInRun = this.state.runStartedAt === null ? 0 : performance.now() - this.state.runStartedAt;
    run.persisted = {
      ...run.persisted,
      muted: this.state.muted,
      recordedMs: this.state.recordedMs,
      runStartedAtEpochMs: this.state.runStartedAt === null ? null : Date.now() - elapsedInRun,
    };
    savePersistedSolo(run.persisted);
  }

  async start(options: SoloStartOptions): Promise<void> {
    if (!this.dispatch({ type: 'start' })) return;
    let media: CapturedMedia | null = null;
    try {
      media = await captureMedia(options);
      if (!this.dispatch({ type: 'media-ready' })) {
        media.stopAll();
        return;
      }
      const { stream, compositor, mixer } = this.buildStream(options.layout, options.corner, media);
      const mime = pickSoloMime(options.layout, stream.getAudioTracks().length > 0);
      if (!mime) throw new Error('This window cannot record WebM (no MediaRecorder format). Update the app.');
      const captures = [
        ...(media.screen ? (['screen'] as const) : []),
        ...(media.camera ? (['camera'] as const) : []),
        ...(media.microphone ? (['microphone'] as const) : []),
        ...(media.systemAudio ? (['system-audio'] as const) : []),
      ];
      const created = unwrap(
        api.recording.start({
          mime,
          title: options.title.trim() || undefined,
          label: labelFor(options.layout),
          ticket: options.ticket,
          captures: [...captures],
          keyframeIntervalMs: KEYFRAME_INTERVAL_MS,
        }),
      );
      const target: Promise<SegmentTarget> = created.then((r) => ({ recordingId: r.id, segment: 1 }));
      const pipeline = this.makePipeline(target, mime, stream, options.layout);
      pipeline.start();
      const startedAt = performance.now();
      const recording = await created.catch((error: unknown) => {
        void pipeline.stop();
        throw error;
      });
      this.running = {
        media,
        compositor,
        mixer,
        pipeline,
        persisted: {
          version: 1,
          recordingId: recording.id,
          mime,
          layout: options.layout,
          corner: options.corner,
          cameraId: options.cameraId,
          microphone: options.microphone,
          microphoneId: options.microphoneId,
          systemAudio: options.systemAudio,
          muted: false,
          recordedMs: 0,
          runStartedAtEpochMs: Date.now(),
        },
      };
      this.previewStream = stream;
      this.dispatch({ type: 'started', recordingId: recording.id, at: startedAt });
      this.watchEnded(media);
    } catch (error) {
      media?.stopAll();
      this.teardown();
      this.dispatch({ type: 'fail', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** After a reload or crash: continue the saved recording in a new segment (or stay paused). */
  async resumeSaved(): Promise<void> {
    const saved = loadPersistedSolo();
    if (!saved || this.state.phase !== 'idle') return;
    const at = performance.now();
    const recordedMs = saved.recordedMs + (saved.runStartedAtEpochMs === null ? 0 : Math.max(0, Date.now() - saved.runStartedAtEpochMs));
    // Every moment before the new recorder runs is missing from the file: ask the engine and open the
    // devices at the same time, rather than one after the other.
    const wasRecording = saved.runStartedAtEpochMs !== null;
    const capturing = wasRecording ? captureMedia(saved).then((m) => ({ ok: true as const, media: m }), (error: unknown) => ({ ok: false as const, error })) : null;
    const current = await api.recording.get({ recordingId: saved.recordingId });
    const live = current.ok && (current.value.state === 'recording' || current.value.state === 'paused');
    const paused = !live || !current.ok || current.value.state === 'paused' || !wasRecording;
    if (!live || paused) {
      void capturing?.then((c) => c.ok && c.media.stopAll());
    }
    if (!live) {
      // The engine finished it meanwhile (recovery, a stop from elsewhere): nothing to continue.
      savePersistedSolo(null);
      return;
    }
    this.running = null;
    this.dispatch({ type: 'resume-saved', recordingId: saved.recordingId, recordedMs, paused, at });
    if (paused) {
      // Resume will open the next segment with a fresh recorder; nothing to capture until then.
      this.pendingSaved = { ...saved, recordedMs, runStartedAtEpochMs: null };
      savePersistedSolo(this.pendingSaved);
      return;
    }
    try {
      const captured = await capturing!;
      if (!captured.ok) throw captured.error;
      this.continueInNewSegment({ ...saved, recordedMs, runStartedAtEpochMs: Date.now() }, captured.media, 'reload');
    } catch (error) {
      this.dispatch({ type: 'fail', message: `The recording could not continue after the window reloaded: ${error instanceof Error ? error.message : String(error)}. What was recorded is kept; press Record to start a new one.` });
      void api.recording.stop({ recordingId: saved.recordingId });
    }
  }

  /** A saved recording that was paused when the page went away: its capture restarts on Resume. */
  private pendingSaved: PersistedSolo | null = null;

  private continueInNewSegment(saved: PersistedSolo, media: CapturedMedia, reason: 'reload'): void {
    const { stream, compositor, mixer } = this.buildStream(saved.layout, saved.corner, media);
    const target = unwrap(api.recording.segment({ recordingId: saved.recordingId, mime: saved.mime, reason })).then((r) => ({ recordingId: r.id, segment: segmentOf(r) }));
    this.startRun(saved, media, stream, compositor, mixer, target);
  }

  private startRun(saved: PersistedSolo, media: CapturedMedia, stream: MediaStream, compositor: ScreenCameraCompositor | null, mixer: AudioMixer | null, target: Promise<SegmentTarget>): void {
    const pipeline = this.makePipeline(target, saved.mime, stream, saved.layout);
    pipeline.start();
    this.running = { media, compositor, mixer, pipeline, persisted: saved };
    this.previewStream = stream;
    if (media.microphone) media.microphone.enabled = !saved.muted;
    this.persist();
    this.watchEnded(media);
    for (const listener of this.listeners) listener();
  }

  pause(): void {
    const run = this.running;
    if (!run || !this.dispatch({ type: 'pause', at: performance.now() })) return;
    run.pipeline.pause();
    void api.recording.pause({ recordingId: run.persisted.recordingId, inStream: true }).then((r) => {
      if (!r.ok) this.dispatch({ type: 'fail', message: r.error.message });
    });
  }

  async resume(): Promise<void> {
    const pending = this.pendingSaved;
    if (pending && !this.running) {
      if (!this.dispatch({ type: 'resume', at: performance.now() })) return;
      this.pendingSaved = null;
      try {
        const media = await captureMedia(pending);
        const { stream, compositor, mixer } = this.buildStream(pending.layout, pending.corner, media);
        const target = unwrap(api.recording.resume({ recordingId: pending.recordingId, mime: pending.mime })).then((r) => ({ recordingId: r.id, segment: segmentOf(r) }));
        this.startRun({ ...pending, runStartedAtEpochMs: Date.now() }, media, stream, compositor, mixer, target);
      } catch (error) {
        this.dispatch({ type: 'fail', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    const run = this.running;
    if (!run || !this.dispatch({ type: 'resume', at: performance.now() })) return;
    run.pipeline.resume();
    const r = await api.recording.resume({ recordingId: run.persisted.recordingId, mime: run.persisted.mime, inStream: true });
    if (!r.ok) this.dispatch({ type: 'fail', message: r.error.message });
  }

  setMuted(muted: boolean): void {
    if (!this.dispatch({ type: 'mute', muted })) return;
    // A disabled track records silence: the file's timeline stays whole.
    if (this.running?.media.microphone) this.running.media.microphone.enabled = !muted;
  }

  setCorner(corner: BubbleCorner): void {
    this.running?.compositor?.setCorner(corner);
    if (this.running) this.running.persisted = { ...this.running.persisted, corner };
  }

  async stop(): Promise<void> {
    const recordingId = this.state.recordingId;
    if (!recordingId || !this.dispatch({ type: 'stop', at: performance.now() })) return;
    const run = this.running;
    this.pendingSaved = null;
    try {
      if (run) await run.pipeline.stop();
      this.teardown();
      const finished = await unwrap(api.recording.stop({ recordingId }));
      if (finished.state === 'failed' && finished.detail.status === 'failed') throw new Error(finished.detail.error.message);
      this.dispatch({ type: 'stopped' });
    } catch (error) {
      this.teardown();
      this.dispatch({ type: 'fail', message: error instanceof Error ? error.message : String(error) });
    }
  }

  dismiss(): void {
    this.dispatch({ type: 'dismiss' });
  }

  private makePipeline(target: Promise<SegmentTarget>, mime: string, stream: MediaStream, layout: SoloLayout): RecordingPipeline {
    return new RecordingPipeline({
      target,
      mime,
      stream,
      videoBitsPerSecond: videoBitrate(layout),
      keyFrameIntervalMs: KEYFRAME_INTERVAL_MS,
      timesliceMs: TIMESLICE_MS,
      onFatal: (error) => {
        this.dispatch({ type: 'fail', message: `Recording stopped: ${error.message}` });
        this.teardown();
        const id = this.state.lastRecordingId;
        if (id) void api.recording.stop({ recordingId: id });
      },
    });
  }

  private buildStream(layout: SoloLayout, corner: BubbleCorner, media: CapturedMedia): { stream: MediaStream; compositor: ScreenCameraCompositor | null; mixer: AudioMixer | null } {
    const needs = layoutNeeds(layout);
    let video: MediaStreamTrack | null = null;
    let compositor: ScreenCameraCompositor | null = null;
    if (needs.screen && needs.camera && media.screen) {
      compositor = new ScreenCameraCompositor(media.screen, media.camera, corner);
      video = compositor.track;
    } else video = media.screen ?? media.camera;
    let mixer: AudioMixer | null = null;
    let audio: MediaStreamTrack | null = null;
    const sounds = [media.microphone, media.systemAudio].filter((t): t is MediaStreamTrack => t !== null);
    if (sounds.length === 1) audio = sounds[0]!;
    else if (sounds.length > 1) {
      mixer = new AudioMixer();
      audio = mixer.output('solo', () => true);
      mixer.sync(sounds.map((track, i) => ({ identity: `source-${i}`, track })));
    }
    if (needs.audioOnly && !audio) throw new Error('An audio-only recording needs a microphone. Choose one and try again.');
    return { stream: new MediaStream([...(video ? [video] : []), ...(audio ? [audio] : [])]), compositor, mixer };
  }

  /** The user ended the screen share from the browser's or the OS's own control: stop and keep it. */
  private watchEnded(media: CapturedMedia): void {
    media.screen?.addEventListener('ended', () => {
      if (this.running?.media === media && (this.state.phase === 'recording' || this.state.phase === 'paused')) void this.stop();
    }, { once: true });
    // A camera or microphone that goes away (unplugged, reset by the OS) is taken again, and the
    // recording continues in a new segment.
    for (const track of [media.camera, media.microphone]) {
      track?.addEventListener('ended', () => {
        if (this.running?.media === media) void this.restartSegment('device-change');
      }, { once: true });
    }
    if (!this.wakeClock) {
      let last = Date.now();
      this.wakeClock = startTicker(1, () => {
        const now = Date.now();
        const slept = sleptBetween(last, now);
        last = now;
        if (slept && this.state.phase === 'recording') void this.restartSegment('wake');
      });
    }
  }

  /**
   * Sleep/wake or a device change: the recorder's stream cannot be trusted to continue (timestamps jump,
   * a track ended), so this segment is closed with what it holds and the recording goes on in the next.
   */
  private async restartSegment(reason: 'wake' | 'device-change'): Promise<void> {
    const run = this.running;
    if (!run || this.restarting || this.state.phase !== 'recording') return;
    this.restarting = true;
    try {
      await run.pipeline.stop();
      let { media, compositor, mixer } = run;
      let stream = this.previewStream ?? new MediaStream();
      if (reason === 'device-change') {
        media = await replaceEndedTracks(run.media, run.persisted);
        compositor?.stop();
        void mixer?.close();
        ({ stream, compositor, mixer } = this.buildStream(run.persisted.layout, run.persisted.corner, media));
      }
      const target = unwrap(api.recording.segment({ recordingId: run.persisted.recordingId, mime: run.persisted.mime, reason })).then((r) => ({ recordingId: r.id, segment: segmentOf(r) }));
      this.startRun(run.persisted, media, stream, compositor, mixer, target);
    } catch (error) {
      this.teardown();
      this.dispatch({ type: 'fail', message: `The recording stopped after ${reason === 'wake' ? 'the computer woke up' : 'a device went away'}: ${error instanceof Error ? error.message : String(error)}. What was recorded is kept.` });
      void api.recording.stop({ recordingId: run.persisted.recordingId });
    } finally {
      this.restarting = false;
    }
  }

  private teardown(): void {
    const run = this.running;
    this.running = null;
    this.previewStream = null;
    this.wakeClock?.stop();
    this.wakeClock = null;
    if (!run) return;
    run.compositor?.stop();
    void run.mixer?.close();
    run.media.stopAll();
  }
}

function segmentOf(r: { detail: { status: string; segment?: number } }): number {
  if ((r.detail.status === 'recording' || r.detail.status === 'paused') && typeof r.detail.segment === 'number') return r.detail.segment;
  throw new Error(`the recording is ${r.detail.status}, not recording`);
}

function labelFor(layout: SoloLayout): string {
  return { screen: 'Screen recording', 'screen-camera': 'Screen and camera', camera: 'Camera recording', audio: 'Audio recording' }[layout];
}

let recorder: SoloRecorder | null = null;

/** The page's one solo recorder; the shell's Start/Stop commands reach it wherever the user is. */
export function soloRecorder(): SoloRecorder {
  if (!recorder) {
    const created = new SoloRecorder();
    api.on('app.command', ({ command }) => created.command(command));
    recorder = created;
  }
  return recorder;
}

/** main.tsx: before React renders, continue a solo recording a reload or crash interrupted. */
export function resumeSoloRecordingAtLaunch(): void {
  if (loadPersistedSolo()) void soloRecorder().resumeSaved();
}
