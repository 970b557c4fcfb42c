// The verify report as one self-contained HTML page (no scripts, no external resources), for a bucket
// owner, an auditor or a court: the verdict first, then each recording's objects, receipt and time-stamp,
// then every finding. Pure: report in, text out; everything shown is escaped.
import type { VerifyFinding, VerifyReport } from '../../../shared/domain/evidence';

const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LEVEL: Record<VerifyFinding['level'], string> = { ok: 'OK', warning: 'Warning', mismatch: 'MISMATCH' };

export function renderVerifyReportHtml(report: VerifyReport): string {
  const verdict = report.ok
    ? `Verified: no mismatch in ${report.counts.objects} objects, ${report.counts.receipts} receipts and ${report.counts.timestamps} time-stamp tokens.`
    : `NOT VERIFIED: ${report.counts.mismatches} mismatch${report.counts.mismatches === 1 ? '' : 'es'} found.`;
  const recordings = report.recordings
    .map((r) => {
      const rows = r.objects
        .map((o) => `<tr class="${o.ok ? 'ok' : 'bad'}"><td>${esc(o.file)}</td><td><code>${esc(o.key)}</code></td><td>${esc(o.bytes)}</td><td><code>${esc(o.sha256)}</code></td><td>${o.ok ? 'matches' : 'DOES NOT MATCH'}</td></tr>`)
        .join('\n');
      const ts = r.timestamp
        ? `${esc(r.timestamp.genTime ?? 'unknown time')} by ${esc(r.timestamp.tsa ?? 'unknown TSA')} (serial ${esc(r.timestamp.serial ?? '?')}): signature ${esc(r.timestamp.signature)}`
        : 'none';
      const own = report.findings.filter((f) => f.recordingId === r.recordingId && f.level !== 'ok');
      return `<section class="recording ${r.ok ? 'ok' : 'bad'}">
<h2>${esc(r.title ?? r.recordingId)} <small><code>${esc(r.recordingId)}</code></small> — ${r.ok ? 'verified' : 'NOT VERIFIED'}</h2>
<dl><dt>Manifest</dt><dd><code>${esc(r.manifestPath)}</code></dd>
<dt>Receipt</dt><dd>${r.receiptPath ? `<code>${esc(r.receiptPath)}</code>` : 'none'}${r.device ? ` — receipt #${esc(r.device.seq)} of device <code>${esc(r.device.id)}</code>` : ''}</dd>
<dt>Time-stamp</dt><dd>${ts}</dd></dl>
<table><thead><tr><th>File</th><th>Key</th><th>Bytes</th><th>SHA-256 (manifest)</th><th>Check</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${own.length ? `<ul>${own.map((f) => `<li class="${f.level}">${esc(LEVEL[f.level])}: ${esc(f.message)}</li>`).join('')}</ul>` : ''}
</section>`;
    })
    .join('\n');
  const findings = report.findings
    .map((f) => `<tr class="${f.level}"><td>${esc(LEVEL[f.level])}</td><td>${esc(f.check)}</td><td>${f.recordingId ? `<code>${esc(f.recordingId)}</code>` : '—'}</td><td><code>${esc(f.subject)}</code></td><td>${esc(f.message)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fieldtape verification report — ${report.ok ? 'verified' : 'NOT VERIFIED'}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:72rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}code{font:12px ui-monospace,monospace;word-break:break-all}
.verdict{padding:.75rem 1rem;border-radius:6px;font-weight:600}.verdict.ok{background:#e5f5e8;color:#0f5a1f}.verdict.bad{background:#fde8e8;color:#8a1111}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.bad td,tr.mismatch td,li.mismatch{color:#8a1111}tr.warning td,li.warning{color:#7a5200}dl{display:grid;grid-template-columns:8rem 1fr;gap:.2rem .8rem}dt{font-weight:600}
</style></head>
<body>
<h1>Fieldtape verification report</h1>
<p class="verdict ${report.ok ? 'ok' : 'bad'}">${esc(verdict)}</p>
<dl><dt>Verified</dt><dd><code>${esc(report.source)}</code></dd>
<dt>At</dt><dd>${esc(report.verifiedAt)}</dd>
<dt>TSA certificate</dt><dd>${report.tsaCert ? `<code>${esc(report.tsaCert)}</code>` : 'not given: token signatures not checked'}</dd>
<dt>Database</dt><dd>${report.database ? `<code>${esc(report.database)}</code> compared with the receipts` : 'not compared (none given)'}</dd>
<dt>Warnings</dt><dd>${esc(report.counts.warnings)}</dd></dl>
${recordings || '<p>No recording was found.</p>'}
<h2>All findings</h2>
<table><thead><tr><th>Level</th><th>Check</th><th>Recording</th><th>Subject</th><th>Finding</th></tr></thead>
<tbody>
${findings}
</tbody></table>
<p><small>Made by <code>fieldtape verify</code> without the recording device's database. What each check means: docs/evidence.md.</small></p>
</body></html>
`;
}
