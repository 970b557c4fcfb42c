// The Record screen, the first thing the app shows: choose what to record (layout, screen or window,
// camera with a live preview, microphone with a level meter, system audio where the platform has it),
// optionally a title and a ticket reference, and press Record. Recording runs through the same engine as
// everything else: the journal, finalize, and delivery to the active destination.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CaptureSources } from '../../../shared/contracts/capture';
import { ticketProblem } from '../../../shared/domain/ticket';
import { api } from '../../api/fieldtape';
import { useResult } from '../../lib/use-result';
import { CameraPreview, MicrophoneLevel } from './DevicePreview';
import { allowedLayouts, BUBBLE_CORNERS, CORNER_LABELS, LAYOUT_LABELS, layoutNeeds, type BubbleCorner, type SoloLayout } from './solo-layout';
import { useDevices } from './use-devices';
import { pickSoloMime } from './solo-recorder';
import { useSoloRecorder } from './use-solo-recorder';
import './record.css';

const NO_MICROPHONE = '';
/** The system's default microphone: no deviceId constraint at all (its real id differs per platform). */
const DEFAULT_MICROPHONE = 'system-default';

export function RecordPage({ onOpenDestinations }: { onOpenDestinations(): void }) {
  const { recorder, state, live } = useSoloRecorder();
  const devices = useDevices();
  const policy = useResult(() => api.policy.status({}));
  const profiles = useResult(() => api.profile.list({}));
  const capture = useResult(() => api.capture.sources({}));
  const layouts = useMemo(() => allowedLayouts(policy.data?.allowedCaptureSources ?? null), [policy.data]);

  const [chosenLayout, setLayout] = useState<SoloLayout>('screen-camera');
  // What the policy allows wins over the choice; derived, so nothing has to be corrected after a render.
  const layout = layouts.includes(chosenLayout) ? chosenLayout : (layouts[0] ?? chosenLayout);
  const [corner, setCorner] = useState<BubbleCorner>('bottom-right');
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [microphoneId, setMicrophoneId] = useState<string | null>(null);
  const [withMicrophone, setWithMicrophone] = useState(true);
  const [systemAudio, setSystemAudio] = useState(false);
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [ticket, setTicket] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const needs = layoutNeeds(layout);
  const refreshDevices = devices.refresh;
  const onAllowed = useCallback(() => refreshDevices(), [refreshDevices]);
  const active = profiles.data?.find((p) => p.active) ?? null;
  const ticketError = ticketProblem(ticket);
  const picker = capture.data?.picker ? capture.data : null;

  async function start(): Promise<void> {
    setProblem(null);
    if (ticketError) return setProblem(`Ticket: ${ticketError}.`);
    if (needs.audioOnly && !withMicrophone) return setProblem('Audio only needs a microphone: choose one.');
    if (needs.screen && picker) {
      const chosen = sourceId ?? picker.sources[0]?.id ?? null;
      if (!chosen) return setProblem('There is no screen or window to record.');
      const selected = await api.capture.select({ sourceId: chosen, systemAudio });
      if (!selected.ok) return setProblem(selected.error.message);
    }
    await recorder.start({
      layout,
      corner,
      cameraId,
      microphone: withMicrophone || needs.audioOnly,
      microphoneId,
      systemAudio: needs.screen && systemAudio,
      title,
      ticket,
    });
  }

  // The tray's Start and the global shortcut record what this screen shows.
  useEffect(() => {
    recorder.setDefaults({ layout, corner, cameraId, microphone: withMicrophone || needs.audioOnly, microphoneId, systemAudio: needs.screen && systemAudio, title, ticket: ticketError ? '' : ticket });
  }, [recorder, layout, corner, cameraId, withMicrophone, microphoneId, systemAudio, title, ticket, ticketError, needs.audioOnly, needs.screen]);

  const busy = state.phase === 'acquiring' || state.phase === 'starting';
  return (
    <section aria-labelledby="record-title" className="record">
      <h2 id="record-title">Record</h2>
      {live ? (
        <p>
          A recording is running: use the bar above to pause, mute or stop it. It keeps running on every screen, and its
          indicator stays on while the window is minimized.
        </p>
      ) : (
        <form
          className="record-form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <div className="field">
            <label htmlFor="record-layout">Layout</label>
            <select id="record-layout" value={layout} onChange={(e) => setLayout(e.target.value as SoloLayout)}>
              {layouts.map((l) => (
                <option key={l} value={l}>
                  {LAYOUT_LABELS[l]}
                </option>
              ))}
            </select>
            {layouts.length < 4 && <small>Your organization's policy allows only these layouts.</small>}
          </div>

          {needs.screen && <ScreenChoice picker={picker} sourceId={sourceId} onChoose={setSourceId} />}

          {needs.camera && (
            <div className="field">
              <label htmlFor="record-camera">Camera</label>
              <select id="record-camera" value={cameraId ?? ''} onChange={(e) => setCameraId(e.target.value || null)}>
                <option value="">Default camera</option>
                {devices.cameras.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
              </select>
              <CameraPreview deviceId={cameraId} onAllowed={onAllowed} />
            </div>
          )}

          {layout === 'screen-camera' && (
            <div className="field">
              <label htmlFor="record-corner">Camera bubble corner</label>
              <select id="record-corner" value={corner} onChange={(e) => setCorner(e.target.value as BubbleCorner)}>
                {BUBBLE_CORNERS.map((c) => (
                  <option key={c} value={c}>
                    {CORNER_LABELS[c]}
                  </option>
                ))}
              </select>
            </div>
          )}

          <div className="field">
            <label htmlFor="record-microphone">Microphone</label>
            <select
              id="record-microphone"
              value={withMicrophone || needs.audioOnly ? (microphoneId ?? DEFAULT_MICROPHONE) : NO_MICROPHONE}
              onChange={(e) => {
                setWithMicrophone(e.target.value !== NO_MICROPHONE);
                setMicrophoneId(e.target.value === NO_MICROPHONE || e.target.value === DEFAULT_MICROPHONE ? null : e.target.value);
              }}
            >
              {!needs.audioOnly && <option value={NO_MICROPHONE}>No microphone</option>}
              <option value={DEFAULT_MICROPHONE}>Default microphone</option>
              {devices.microphones
                .filter((d) => d.id !== 'default' && d.id !== 'communications')
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
            </select>
            {(withMicrophone || needs.audioOnly) && <MicrophoneLevel deviceId={microphoneId} onAllowed={onAllowed} />}
          </div>

          {needs.screen && <SystemAudio support={capture.data ?? null} checked={systemAudio} onChange={setSystemAudio} />}

          <div className="field">
            <label htmlFor="record-title-input">Title (optional)</label>
            <input id="record-title-input" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder="Pump 4 inspection" />
          </div>
          <div className="field">
            <label htmlFor="record-ticket">Ticket</label>
            <input
              id="record-ticket"
              value={ticket}
              maxLength={80}
              onChange={(e) => setTicket(e.target.value)}
              placeholder="INC0012345"
              aria-invalid={ticketError ? true : undefined}
              aria-describedby="record-ticket-help"
            />
            <small id="record-ticket-help" className={ticketError ? 'error' : undefined}>
              {ticketError ?? 'Optional: the ticket, incident or case this is for. It is written into the manifest and searchable in the library.'}
            </small>
          </div>

          <p className="destination-line">
            {active ? (
              <>
                Delivered to <strong>{active.name}</strong> ({active.bucket}) when it is done.
              </>
            ) : (
              <>
                No destination yet: recordings stay in this computer's library.{' '}
                <button type="button" className="link" onClick={onOpenDestinations}>
                  Add a destination
                </button>
              </>
            )}
          </p>

          {active && !needs.audioOnly && !/h264/.test(pickSoloMime(layout, true) ?? '') && (
            <p className="hint">This window cannot record H.264, so recordings are delivered after Stop instead of while they are recorded.</p>
          )}
          <button type="submit" className="record-button" disabled={busy}>
            Record
          </button>
          {busy && <p role="status">Starting: allow the screen, camera and microphone if asked…</p>}
          {(problem ?? state.error) && (
            <p role="alert" className="error">
              {problem ?? state.error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

function ScreenChoice({ picker, sourceId, onChoose }: { picker: CaptureSources | null; sourceId: string | null; onChoose(id: string): void }) {
  if (!picker) {
    return (
      <p className="field">
        <span className="label">Screen or window</span>
        <small>You choose the screen or window in the browser's share dialog when you press Record.</small>
      </p>
    );
  }
  const chosen = sourceId ?? picker.sources[0]?.id ?? null;
  return (
    <fieldset className="field source-picker">
      <legend>Screen or window</legend>
      {picker.sources.map((s) => (
        <label key={s.id} className={s.id === chosen ? 'source chosen' : 'source'}>
          <input type="radio" name="capture-source" value={s.id} checked={s.id === chosen} onChange={() => onChoose(s.id)} />
          {s.thumbnail ? <img src={s.thumbnail} alt="" /> : <span className="no-thumbnail" aria-hidden="true" />}
          <span>{s.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

function SystemAudio({ support, checked, onChange }: { support: CaptureSources | null; checked: boolean; onChange(value: boolean): void }) {
  const browser = !support?.picker;
  const available = browser || support?.systemAudio === 'loopback';
  return (
    <div className="field">
      <label>
        <input type="checkbox" checked={checked && available} disabled={!available} onChange={(e) => onChange(e.target.checked)} /> Record system audio
      </label>
      <small>
        {browser
          ? "The browser shares sound only where its share dialog offers it (tick \"Share audio\"): a tab's sound, or the whole system's on Windows and ChromeOS."
          : (support?.systemAudioNote ?? '')}
      </small>
    </div>
  );
}
