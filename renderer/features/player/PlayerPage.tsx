// The offline player: the recording's MP4 served by the engine with range requests (any point seeks at
// once), keyboard control, a filmstrip scrubber with previews, the annotation overlay from the sidecar,
// the session's other participants' tracks side by side and in step, markers, the evidence view and export.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationSidecar, Stroke } from '../../../shared/domain/annotation';
import { mediaPath, overlayPlacement, sortedSidecarEvents, type LibraryDetail, type PlayerTrack } from '../../../shared/domain/library';
import { api } from '../../api/fieldtape';
import { EvidencePanel } from '../evidence/EvidencePanel';
import { DeliveryPanel } from '../library/DeliveryLocation';
import { formatClock, formatWhen, stateLabel } from '../library/format';
import { AnnotationLayer } from './AnnotationLayer';
import { ExportPanel } from './ExportPanel';
import { Filmstrip } from './Filmstrip';
import { FollowerTrack } from './FollowerTrack';
import { clampTime, SPEEDS, trackOffsetSec } from './player-math';
import { usePlayerKeys } from './use-player-keys';
import './player.css';

const NO_STROKES = () => false;

export function PlayerPage({ recordingId, onBack }: { recordingId: string; onBack(): void }) {
  const [lead, setLead] = useState<{ id: string; startAt: number }>({ id: recordingId, startAt: 0 });
  // Everything loaded for one lead recording, tagged with its id, so switching tracks shows nothing stale.
  const [loaded, setLoaded] = useState<{ id: string; detail: LibraryDetail | null; sidecar: AnnotationSidecar | null; problem: string | null }>({
    id: '',
    detail: null,
    sidecar: null,
    problem: null,
  });
  const [mediaError, setMediaError] = useState<{ id: string; message: string } | null>(null);
  const [overlay, setOverlay] = useState(true);
  const [evidence, setEvidence] = useState(false);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [paused, setPaused] = useState(true);
  const [speed, setSpeedState] = useState(1);
  const videoRef = useRef<HTMLVideoElement | null>(null);

  useEffect(() => {
    let live = true;
    const id = lead.id;
    void Promise.all([api.library.detail({ recordingId: id }), api.library.annotations({ recordingId: id })]).then(([d, a]) => {
      if (!live) return;
      setLoaded({
        id,
        detail: d.ok ? d.value : null,
        sidecar: a.ok ? a.value : null,
        problem: !d.ok ? d.error.message : !a.ok ? a.error.message : null,
      });
    });
    return () => {
      live = false;
    };
  }, [lead.id]);
  const current = loaded.id === lead.id;
  const detail = current ? loaded.detail : null;
  const sidecar = current ? loaded.sidecar : null;
  const problem = current ? loaded.problem : null;

  const attach = useCallback((el: HTMLVideoElement | null) => {
    videoRef.current = el;
    setVideo(el);
  }, []);

  const setSpeed = useCallback((value: number) => {
    if (videoRef.current) videoRef.current.playbackRate = value;
    setSpeedState(value);
  }, []);

  usePlayerKeys({
    video: () => videoRef.current,
    fps: detail?.video?.fps ?? 30,
    onSpeed: setSpeed,
    onToggleOverlay: () => setOverlay((v) => !v),
  });

  const events = useMemo(() => (sidecar ? sortedSidecarEvents(sidecar.events) : []), [sidecar]);
  const placement = useMemo(() => (sidecar ? overlayPlacement(sidecar) : null), [sidecar]);
  const accepts = useMemo(() => (placement ? (stroke: Stroke) => placement.accepts(stroke) : NO_STROKES), [placement]);
  const marks = useMemo(() => events.flatMap((e) => (e.op.op === 'add' ? [{ t: e.t, stroke: e.op.stroke }] : [])), [events]);

  const seek = (t: number) => {
    if (videoRef.current) videoRef.current.currentTime = clampTime(t, videoRef.current.duration);
  };

  if (problem && !detail) {
    return (
      <section className="player">
        <button type="button" onClick={onBack}>
          Back to library
        </button>
        <p role="alert" className="error">{problem}</p>
      </section>
    );
  }
  if (!detail) return <p>Opening the recording…</p>;

  const r = detail.recording;
  const hasMp4 = r.artifacts.some((a) => a.kind === 'mp4') && !detail.missingLocally.includes('mp4');
  // An audio-only recording: its waveform is the picture in the video box and the scrubber's background.
  const hasWaveform = r.artifacts.some((a) => a.kind === 'waveform') && !detail.missingLocally.includes('waveform');
  const leadTrack = detail.tracks.find((t) => t.id === r.id);
  const followers = detail.tracks.filter((t) => t.id !== r.id && t.hasMp4);
  const makeLead = (track: PlayerTrack, at: number) => setLead({ id: track.id, startAt: Math.max(0, at) });
  const totalSec = duration || r.durationSec || 0;

  return (
    <section className="player" aria-labelledby="player-title">
      <div className="player-head">
        <button type="button" onClick={onBack}>
          Back to library
        </button>
        <h2 id="player-title">{r.title}</h2>
        <span className="chip">{stateLabel(r.state)}</span>
        <span className="hint">{formatWhen(r.startedAt ?? r.createdAt)}</span>
        <button type="button" aria-pressed={evidence} onClick={() => setEvidence((v) => !v)}>
          Evidence
        </button>
      </div>
      {problem && <p role="alert" className="error">{problem}</p>}

      <div className="stage">
        <figure className="track lead">
          <div className="video-box">
            {hasMp4 ? (
              <video
                ref={attach}
                src={mediaPath(r.id, 'mp4')}
                {...(hasWaveform ? { poster: mediaPath(r.id, 'waveform') } : {})}
                preload="metadata"
                playsInline
                aria-label={`Recording: ${r.title}`}
                onLoadedMetadata={(e) => {
                  setDuration(e.currentTarget.duration);
                  if (lead.startAt > 0) e.currentTarget.currentTime = lead.startAt;
                  e.currentTarget.playbackRate = speed;
                }}
                onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
                onSeeked={(e) => setTime(e.currentTarget.currentTime)}
                onPlay={() => setPaused(false)}
                onPause={() => setPaused(true)}
                onError={() => setMediaError({ id: r.id, message: 'The MP4 could not be played: the file may be damaged or missing. Check it in the evidence view.' })}
              />
            ) : (
              <div className="no-media">
                {r.state !== 'ready'
                  ? `This recording is ${stateLabel(r.state).toLowerCase()}: there is no MP4 to play yet.`
                  : 'The MP4 is not on this computer any more (removed after delivery). The evidence view shows where it was delivered.'}
              </div>
            )}
            {placement?.placeable && <AnnotationLayer video={video} events={events} accepts={accepts} visible={overlay} />}
          </div>
          {followers.length > 0 && <figcaption>{leadTrack?.participant ?? 'Lead track'}</figcaption>}
        </figure>
        {followers
          .filter((t) => !hidden.has(t.id))
          .map((t) => {
            const offset = trackOffsetSec(r.startedAt, t.startedAt);
            return offset === null ? null : <FollowerTrack key={t.id} track={t} lead={video} offsetSec={offset} onLead={makeLead} />;
          })}
      </div>
      {mediaError?.id === r.id && <p role="alert" className="error">{mediaError.message}</p>}

      {hasMp4 && (
        <>
          <div className="controls">
            <button type="button" onClick={() => void (videoRef.current?.paused ? videoRef.current.play() : videoRef.current?.pause())}>
              {paused ? 'Play' : 'Pause'}
            </button>
            <span className="time" aria-live="off">
              {formatClock(time)} / {formatClock(totalSec)}
            </span>
            <label>
              Speed{' '}
              <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                {SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {s}x
                  </option>
                ))}
              </select>
            </label>
            {sidecar && (
              <button type="button" aria-pressed={overlay} onClick={() => setOverlay((v) => !v)} disabled={!placement?.placeable}>
                Annotations
              </button>
            )}
            <span className="hint">Space/K play · ←/→ 5 s · J/L 10 s · , / . frame · &lt; / &gt; speed · A annotations</span>
          </div>
          <Filmstrip
            recordingId={r.id}
            hasFilmstrip={r.artifacts.some((a) => a.kind === 'filmstrip') && !detail.missingLocally.includes('filmstrip')}
            hasWaveform={hasWaveform}
            durationSec={totalSec}
            currentTime={time}
            markers={detail.markers}
            video={detail.video}
            onSeek={seek}
          />
        </>
      )}

      {followers.length > 0 && (
        <div role="group" aria-label="Session tracks" className="filters">
          {followers.map((t) => (
            <button
              key={t.id}
              type="button"
              aria-pressed={!hidden.has(t.id)}
              onClick={() => setHidden((h) => (h.has(t.id) ? new Set([...h].filter((x) => x !== t.id)) : new Set([...h, t.id])))}
            >
              {t.participant ?? t.title}
            </button>
          ))}
        </div>
      )}

      {(detail.markers.length > 0 || marks.length > 0) && (
        <div className="timeline-lists">
          {detail.markers.length > 0 && (
            <section aria-label="Markers">
              <h4>Markers</h4>
              <ul className="plain">
                {detail.markers.map((m, i) => (
                  <li key={i}>
                    <button type="button" className="link" onClick={() => seek(m.t)}>
                      {formatClock(m.t)}
                    </button>{' '}
                    {m.label}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {marks.length > 0 && (
            <section aria-label="Annotation marks">
              <h4>Marks</h4>
              {placement?.reason && <p className="hint">{placement.reason}</p>}
              <ul className="plain">
                {marks.slice(0, 200).map((m) => (
                  <li key={m.stroke.id}>
                    <button type="button" className="link" onClick={() => seek(m.t)}>
                      {formatClock(m.t)}
                    </button>{' '}
                    {m.stroke.tool}
                    {m.stroke.text ? ` “${m.stroke.text}”` : ''} by {m.stroke.author}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}

      <DeliveryPanel entry={detail.entry} />
      {evidence && <EvidencePanel recordingId={r.id} />}
      {hasMp4 && <ExportPanel recordingId={r.id} durationSec={totalSec} currentTime={() => videoRef.current?.currentTime ?? 0} hasAnnotations={!!placement?.placeable} />}
    </section>
  );
}
