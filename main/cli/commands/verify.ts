// `fieldtape verify`: checks delivered objects without this computer's database — a folder the bucket
// owner downloaded, or a bucket prefix read with read credentials the owner supplies (never stored).
// Exit 0: verified; 1: a mismatch (each named); 64: usage. The HTML report goes where --report says.
import { parseArgs } from 'node:util';
import type { VerifyReport } from '../../../shared/domain/evidence';
import { runVerification, type VerifyRun } from '../../core/evidence/verify-run';
import { type StandaloneCommand, UsageError } from '../command';

const USAGE = [
  'fieldtape verify FOLDER [--tsa-cert PEM] [--database FILE] [--report FILE.html] [--json]',
  '       fieldtape verify --bucket B [--prefix P] --region R [--endpoint URL] [--virtual-hosted] --access-key-id K (--secret-env VAR | --secret-stdin)',
  '                        [--tsa-cert PEM] [--database FILE] [--report FILE.html] [--json]',
].join('\n');

export const verifyCommand: StandaloneCommand = {
  name: 'verify',
  usage: USAGE,
  summary: 'verify delivered objects, manifests, receipts and time-stamps (a downloaded folder or a bucket prefix)',
  needsEngine: false,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'tsa-cert': { type: 'string' },
        database: { type: 'string' },
        report: { type: 'string' },
        bucket: { type: 'string' },
        prefix: { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        'virtual-hosted': { type: 'boolean', default: false },
        'access-key-id': { type: 'string' },
        'secret-env': { type: 'string' },
        'secret-stdin': { type: 'boolean', default: false },
      },
    });
    let source: VerifyRun['source'];
    if (values.bucket !== undefined) {
      if (positionals.length > 0) throw new UsageError('give a FOLDER or --bucket, not both');
      if (!values.region || !values['access-key-id']) throw new UsageError('--bucket needs --region and --access-key-id (read credentials of the bucket owner)');
      if (values['secret-stdin'] === (values['secret-env'] !== undefined)) throw new UsageError('give the secret with exactly one of --secret-env VAR or --secret-stdin');
      let secret: string;
      if (values['secret-env'] !== undefined) {
        secret = process.env[values['secret-env']] ?? '';
        if (!secret) throw new UsageError(`$${values['secret-env']} is empty or not set`);
      } else {
        secret = (await io.readStdin()).replace(/\r?\n$/, '');
        if (!secret) throw new UsageError('--secret-stdin read an empty secret');
      }
      source = {
        s3: {
          endpoint: values.endpoint ?? null,
          region: values.region,
          bucket: values.bucket,
          prefix: values.prefix ?? '',
          accessKeyId: values['access-key-id'],
          secret,
          forcePathStyle: values.endpoint !== undefined && !values['virtual-hosted'],
        },
      };
    } else {
      if (positionals.length !== 1) throw new UsageError('give exactly one FOLDER of delivered objects (or --bucket)');
      source = { folder: positionals[0]! };
    }
    const { report, reportFile } = await runVerification({
      source,
      tsaCertFile: values['tsa-cert'] ?? null,
      databaseFile: values.database ?? null,
      reportFile: values.report ?? null,
    });
    io.result(report, describe(report, reportFile));
    return report.ok ? 0 : 1;
  },
};

export function describe(report: VerifyReport, reportFile: string | null): string {
  const c = report.counts;
  const lines = [
    report.ok
      ? `VERIFIED: ${report.recordings.length} recording${report.recordings.length === 1 ? '' : 's'}, ${c.objects} objects, ${c.receipts} receipts, ${c.timestamps} time-stamp tokens in ${report.source}.`
      : `NOT VERIFIED: ${c.mismatches} mismatch${c.mismatches === 1 ? '' : 'es'} in ${report.source}:`,
    ...report.findings.filter((f) => f.level === 'mismatch').map((f) => `  MISMATCH [${f.check}] ${f.subject}: ${f.message}`),
    ...report.findings.filter((f) => f.level === 'warning').map((f) => `  warning [${f.check}] ${f.subject}: ${f.message}`),
  ];
  if (reportFile) lines.push(`Report: ${reportFile}`);
  return lines.join('\n');
}
