// One verification run, as the CLI (`fieldtape verify`) and the app ("Verify a delivered folder") ask for
// it: pick the source, read the TSA certificate and the database if given, verify, and write the HTML
// report where asked. The read credentials for a bucket are the owner's, given for this run only; they
// are never stored.
import fs from 'node:fs';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { VerifyReport } from '../../../shared/domain/evidence';
import { AppError } from '../../../shared/errors';
import { writeFileDurable } from '../fs-durable';
import { readAuditDatabase } from '../store/audit-database';
import { folderSource, s3Source, type EvidenceSource } from './evidence-source';
import { certificatesFromPem } from './tsa-token';
import { verifyEvidence } from './verify-evidence';
import { renderVerifyReportHtml } from './verify-report-html';

export interface S3Location {
  endpoint: string | null;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secret: string;
  forcePathStyle: boolean;
}

export interface VerifyRun {
  source: { folder: string } | { s3: S3Location };
  tsaCertFile: string | null;
  databaseFile: string | null;
  reportFile: string | null;
}

export async function runVerification(run: VerifyRun, clock: () => Date = () => new Date()): Promise<{ report: VerifyReport; reportFile: string | null }> {
  let tsaCerts = null;
  if (run.tsaCertFile) {
    let pem: string;
    try {
      pem = fs.readFileSync(run.tsaCertFile, 'utf8');
    } catch {
      throw new AppError('NOT_FOUND', `The TSA certificate file ${run.tsaCertFile} cannot be read.`);
    }
    tsaCerts = { name: path.resolve(run.tsaCertFile), certs: certificatesFromPem(pem) };
  }
  const database = run.databaseFile ? readAuditDatabase(path.resolve(run.databaseFile)) : null;
  let client: S3Client | null = null;
  let source: EvidenceSource;
  if ('folder' in run.source) source = folderSource(run.source.folder);
  else {
    const s = run.source.s3;
    client = new S3Client({
      ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      region: s.region,
      forcePathStyle: s.forcePathStyle,
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secret },
      maxAttempts: 3,
    });
    source = s3Source({ client, bucket: s.bucket, prefix: s.prefix });
  }
  try {
    const report = await verifyEvidence(source, { tsaCerts, database, clock });
    let reportFile: string | null = null;
    if (run.reportFile) {
      reportFile = path.resolve(run.reportFile);
      fs.mkdirSync(path.dirname(reportFile), { recursive: true });
      writeFileDurable(reportFile, renderVerifyReportHtml(report));
    }
    return { report, reportFile };
  } finally {
    client?.destroy();
  }
}
