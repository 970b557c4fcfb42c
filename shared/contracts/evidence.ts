// The evidence.* channels: verify a folder of delivered objects (downloaded by the bucket owner) without
// the recording device's database: every object against its manifest, the manifest against its receipt,
// the receipt chain, and the RFC 3161 tokens against a TSA certificate (docs/evidence.md). In the web
// shell the paths are paths on the machine the engine runs on.
import { z } from 'zod';
import { VerifyReportSchema } from '../domain/evidence';
import { request } from './request';

const LocalPath = z.string().trim().min(1, 'give a path').max(4096);

export const EVIDENCE_REQUESTS = {
  /** Verifies the folder and writes the HTML report under the data folder (reports/); returns both. */
  'evidence.verifyFolder': request(
    z.object({ folder: LocalPath, tsaCertFile: LocalPath.nullable().optional(), databaseFile: LocalPath.nullable().optional() }).strict(),
    z.object({ report: VerifyReportSchema, reportFile: z.string() }),
  ),
} as const;
