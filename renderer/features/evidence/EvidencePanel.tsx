// The evidence view: the manifest, every artifact's SHA-256 (re-verified against the local file on
// demand), the delivery's bucket keys and ETags, and the session's audit events with the chain verified.
import { useEffect, useState } from 'react';
import type { Evidence, Verification } from '../../../shared/domain/library';
import { VerifyFolder } from './VerifyFolder';
import { api } from '../../api/fieldtape';
import { CopyButton } from '../../components/CopyButton';
import { formatBytes, formatClock, formatWhen } from '../library/format';

export function EvidencePanel({ recordingId }: { recordingId: string }) {
  const [evidence, setEvidence] = useState<Evidence | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    void api.library.evidence({ recordingId }).then((r) => (r.ok ? setEvidence(r.value) : setError(r.error.message)));
  }, [recordingId]);

  async function verify() {
    setVerifying(true);
    setVerification(null);
    const r = await api.library.verify({ recordingId });
    setVerifying(false);
    if (r.ok) setVerification(r.value);
    else setError(r.error.message);
  }

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!evidence) return <p>Loading the evidence…</p>;
  const check = (kind: string) => verification?.artifacts.find((a) => a.kind === kind);
  const m = evidence.manifest;
  const chain = evidence.audit.chain;
  return (
    <section aria-label="Evidence" className="panel evidence">
      <h3>Evidence</h3>

      <h4>Manifest</h4>
      {evidence.manifestProblem && <p className="error">{evidence.manifestProblem}</p>}
      {m && (
        <dl className="facts">
          <dt>Recording</dt>
          <dd>
            <code>{m.recordingId}</code>
          </dd>
          <dt>Session</dt>
          <dd>{m.sessionId ?? '—'}</dd>
          <dt>Recorded</dt>
          <dd>
            {formatWhen(m.startedAt)} – {formatWhen(m.stoppedAt)} ({formatClock(m.durationSec)})
          </dd>
          <dt>Participants</dt>
          <dd>{m.participants.map((p) => p.name ?? p.identity).join(', ') || '—'}</dd>
          <dt>Produced by</dt>
          <dd>
            Fieldtape {m.producedBy.appVersion}, {m.producedBy.finalizePath === 'remux' ? 'video unchanged (remux)' : 're-encoded'} from{' '}
            {m.producedBy.sourceVideoCodec}, ffmpeg {m.producedBy.ffmpegVersion}
          </dd>
        </dl>
      )}
      {evidence.manifestText && (
        <details>
          <summary>manifest.json as written</summary>
          <pre className="manifest-text">{evidence.manifestText}</pre>
        </details>
      )}

      <h4>Files</h4>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256 (recorded)</th>
            <th scope="col">Manifest</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {evidence.artifacts.map((a) => {
            const c = check(a.kind);
            return (
              <tr key={a.kind} data-kind={a.kind}>
                <td>
                  {a.file}
                  {!a.present && <small> (not on this computer)</small>}
                </td>
                <td>{formatBytes(a.bytes)}</td>
                <td>
                  <code className="hash">{a.sha256}</code>
                </td>
                <td>{a.kind === 'manifest' ? '—' : a.manifestSha256 === null ? 'not listed' : a.manifestSha256 === a.sha256 ? 'matches' : 'differs'}</td>
                <td className={c ? (c.ok ? 'ok' : 'bad') : undefined}>{c ? (c.ok ? 'Verified' : (c.problem ?? 'Does not match')) : verifying ? 'Hashing…' : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={() => void verify()} disabled={verifying}>
        Verify files now
      </button>
      <p role="status" className={verification && !verification.ok ? 'error' : undefined}>
        {verification &&
          (verification.ok
            ? `All ${verification.artifacts.length} files match their recorded SHA-256 (checked ${formatWhen(verification.verifiedAt)}).`
            : `${verification.artifacts.filter((a) => !a.ok).length} of ${verification.artifacts.length} files do not match what was recorded.`)}
      </p>

      <h4>Delivery</h4>
      {evidence.delivery ? (
        <>
          <p>
            {evidence.delivery.state} to bucket <code>{evidence.delivery.bucket ?? 'unknown'}</code>
          </p>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Object key</th>
                <th scope="col">Status</th>
                <th scope="col">ETag</th>
                <th scope="col">S3 SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {evidence.delivery.objects.map((o) => (
                <tr key={o.name}>
                  <td>
                    <code>{o.key}</code>
                    {o.s3Uri && (
                      <>
                        {' '}
                        <CopyButton text={o.s3Uri} label="Copy s3://" description={o.name} />
                      </>
                    )}
                    {o.url && (
                      <>
                        {' '}
                        <CopyButton text={o.url} label="Copy URL" description={o.name} />
                      </>
                    )}
                  </td>
                  <td>{o.status}</td>
                  <td>
                    <code>{o.etag ?? '—'}</code>
                  </td>
                  <td>
                    <code className="hash">{o.checksumSha256 ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>Not delivered: no bucket holds this recording.</p>
      )}

      <h4>Audit log ({evidence.audit.scope === 'session' ? 'this session' : 'this recording'})</h4>
      <p className={chain.ok ? 'ok' : 'error'} data-testid="audit-chain">
        {chain.ok
          ? `Audit chain verified: ${chain.events} events, every hash intact.`
          : `Audit chain broken: ${chain.problem?.message ?? 'verification failed'}`}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {evidence.audit.events.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatWhen(e.at)}</td>
              <td>{e.type}</td>
              <td>
                <code className="data">{JSON.stringify(e.data)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <VerifyFolder />
    </section>
  );
}
