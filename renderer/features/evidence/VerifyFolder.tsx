// "Verify a delivered folder": the bucket owner's check, in the app. The folder (and the TSA certificate)
// are paths on the machine the engine runs on; the engine verifies without this computer's database and
// writes the HTML report under the data folder (docs/evidence.md).
import { useState, type FormEvent } from 'react';
import type { VerifyReport } from '../../../shared/domain/evidence';
import { api } from '../../api/fieldtape';

export function VerifyFolder() {
  const [folder, setFolder] = useState('');
  const [tsaCert, setTsaCert] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: VerifyReport; reportFile: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await api.evidence.verifyFolder({ folder: folder.trim(), tsaCertFile: tsaCert.trim() || null });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error.message);
  }

  const report = result?.report ?? null;
  const problems = report?.findings.filter((f) => f.level !== 'ok') ?? [];
  return (
    <section aria-label="Verify a delivered folder" className="verify-folder">
      <h4>Verify a delivered folder</h4>
      <p>
        Checks objects downloaded from the bucket against their manifest, the manifest against its receipt, the chain of receipts, and the time-stamp
        tokens — without this computer&apos;s database.
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          Folder of delivered objects
          <input type="text" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/downloaded/objects" required />
        </label>
        <label>
          TSA certificate (PEM file, optional)
          <input type="text" value={tsaCert} onChange={(e) => setTsaCert(e.target.value)} placeholder="/path/to/tsa-ca.pem" />
        </label>
        <button type="submit" disabled={busy || folder.trim() === ''}>
          {busy ? 'Verifying…' : 'Verify folder'}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {report && (
        <div role="status" data-testid="verify-folder-result" className={report.ok ? 'ok' : 'error'}>
          <p>
            {report.ok
              ? `Verified: ${report.recordings.length} recordings, ${report.counts.objects} objects, ${report.counts.receipts} receipts, ${report.counts.timestamps} time-stamps match.`
              : `Not verified: ${report.counts.mismatches} mismatches.`}{' '}
            Report: <code>{result!.reportFile}</code>
          </p>
          {problems.length > 0 && (
            <ul>
              {problems.map((f, i) => (
                <li key={i} className={f.level === 'mismatch' ? 'error' : undefined}>
                  {f.level === 'mismatch' ? 'Mismatch' : 'Warning'} ({f.check}): {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
