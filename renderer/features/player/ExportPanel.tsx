// Export the MP4 and its manifest to a folder: whole or a clip (cut without re-encoding), with or without
// the annotations burned in. In Electron the folder comes from the system dialog; in the web shell it is a
// folder under the data folder's exports/. A plain download of the recorded MP4 is always offered too.
import { useEffect, useState } from 'react';
import { mediaPath, type ExportResult } from '../../../shared/domain/library';
import { api } from '../../api/fieldtape';
import { formatBytes, formatClock } from '../library/format';

export function ExportPanel({ recordingId, durationSec, currentTime, hasAnnotations }: {
  recordingId: string;
  durationSec: number;
  currentTime: () => number;
  hasAnnotations: boolean;
}) {
  const [targets, setTargets] = useState<{ exportsDir: string; picker: boolean } | null>(null);
  const [folderName, setFolderName] = useState('exports');
  const [picked, setPicked] = useState<string | null>(null);
  const [burnIn, setBurnIn] = useState(false);
  const [clip, setClip] = useState<{ start: number; end: number } | null>(null);
  const [job, setJob] = useState<{ id: string; phase: string; fraction: number } | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.library.exportTargets({}).then((r) => r.ok && setTargets(r.value));
  }, []);
  useEffect(
    () =>
      api.on('library.progress', (p) => {
        setJob((current) => (current && current.id === p.jobId ? { ...current, phase: p.phase, fraction: p.fraction } : current));
      }),
    [],
  );

  async function run() {
    const id = `exp_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    setJob({ id, phase: 'starting', fraction: 0 });
    setError(null);
    setResult(null);
    const destination = picked ? { kind: 'picked' as const, path: picked } : { kind: 'exports' as const, name: folderName };
    const r = await api.library.export({
      jobId: id,
      recordingId,
      destination,
      burnIn,
      clip: clip ? { startSec: clip.start, endSec: clip.end } : null,
    });
    setJob(null);
    if (r.ok) setResult(r.value);
    else setError(r.error.message);
  }

  return (
    <section aria-label="Export" className="panel export">
      <h3>Export</h3>
      <div className="export-row">
        {targets?.picker ? (
          <>
            <button type="button" onClick={() => void api.library.pickFolder({}).then((r) => r.ok && setPicked(r.value.path))}>
              Choose folder…
            </button>
            <span>{picked ?? 'No folder chosen'}</span>
          </>
        ) : (
          <label className="field inline">
            Folder under {targets?.exportsDir ?? 'exports'}
            <input value={folderName} onChange={(e) => setFolderName(e.target.value)} aria-label="Export folder name" />
          </label>
        )}
      </div>
      <div className="export-row">
        <label>
          <input type="checkbox" checked={burnIn} disabled={!hasAnnotations} onChange={(e) => setBurnIn(e.target.checked)} /> Burn in annotations
          {!hasAnnotations && ' (this recording has none)'}
        </label>
      </div>
      <div className="export-row">
        <button type="button" onClick={() => setClip({ start: currentTime(), end: Math.max(currentTime() + 1, clip?.end ?? durationSec) })}>
          Clip starts here
        </button>
        <button type="button" onClick={() => setClip({ start: clip?.start ?? 0, end: currentTime() })}>
          Clip ends here
        </button>
        {clip ? (
          <>
            <span>
              Clip {formatClock(clip.start)}–{formatClock(clip.end)}
            </span>
            <button type="button" className="link" onClick={() => setClip(null)}>
              Whole recording
            </button>
          </>
        ) : (
          <span>Whole recording</span>
        )}
      </div>
      <div className="export-row">
        <button type="button" disabled={job !== null || (targets?.picker === true && !picked)} onClick={() => void run()}>
          Export
        </button>
        {job && (
          <>
            <progress max={1} value={job.fraction} aria-label="Export progress" /> {job.phase}
            <button type="button" onClick={() => void api.library.cancel({ jobId: job.id })}>
              Cancel export
            </button>
          </>
        )}
        <a href={`${mediaPath(recordingId, 'mp4')}?download=1`} download>
          Download MP4
        </a>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <div role="status">
          <p>
            Exported to <code>{result.folder}</code> ({result.video === 'original' ? 'the recorded MP4, unchanged' : result.video === 'copy' ? 'cut without re-encoding' : 're-encoded with annotations'}):
          </p>
          <ul className="plain">
            {result.files.map((f) => (
              <li key={f.name}>
                <code>{f.name}</code> {formatBytes(f.bytes)} <small>SHA-256 {f.sha256}</small>
              </li>
            ))}
          </ul>
          {result.notes.map((n) => (
            <p key={n} className="hint">
              {n}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
