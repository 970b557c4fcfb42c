// The host's view of this session's recordings as the engine reports them.
import type { RecordingRow } from './recording/recording-view';

export function RecordingList({ rows, names }: { rows: readonly RecordingRow[]; names: (identity: string) => string }) {
  if (rows.length === 0) return null;
  return (
    <section className="recordings" aria-labelledby="recordings-title">
      <h3 id="recordings-title">Recordings of this session</h3>
      <ul>
        {rows.map((row) => (
          <li key={row.recordingId} data-recording-id={row.recordingId} data-state={row.state} data-recorded-ms={row.recordedMs}>
            {row.kind === 'composite' ? 'Composite' : names(row.participant ?? '')} — {row.state}
            {row.durationSec !== null ? `, ${row.durationSec.toFixed(1)} s` : ''}
            {row.segments > 1 ? `, ${row.segments} segments` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
