// The doctor: which ffmpeg (and ffprobe) Fieldtape would use, where it came from, and whether it can
// produce what finalize needs; and whether IT's policy applies. The first thing support asks for when a
// recording does not finalize. With a bundle folder it also packages the logs for support, secrets
// redacted. Two hosts ask for it: the CLI's `fieldtape doctor` and the installed app's `--doctor` (where
// there is no Node to run the CLI); each only parses its arguments and prints.
import { describeFfmpeg, toolVersion, type FfmpegDescription } from '../media/ffmpeg-describe';
import { resolveFfmpeg, resolveFfprobe, type ResolvedFfmpeg, type ResolvedFfprobe } from '../media/ffmpeg-locator';
import { AppError } from '../../../shared/errors';
import type { PolicyStatus } from '../../../shared/domain/policy-status';
import { resolveDataDir } from '../config/data-dir';
import { describePolicyState, loadPolicy, policyStatus, type PolicyState } from '../config/policy';
import { policyProfiles } from '../config/policy-profiles';
import { createDiagnosticsBundle, type BundleResult } from './bundle';
import { APP_VERSION } from '../version';

export interface DoctorArgs {
  /** Write a diagnostics bundle into this folder; null: report only. */
  bundleDir: string | null;
}

/** `[--bundle [PATH]]`: the folder defaults to the current one. Throws a message for anything else. */
export function parseDoctorArgs(args: readonly string[], cwd: string): { ok: true; value: DoctorArgs } | { ok: false; message: string } {
  const bundleAt = args.indexOf('--bundle');
  const unknown = args.filter((a, i) => a !== '--bundle' && !(i === bundleAt + 1 && bundleAt !== -1 && !a.startsWith('-')));
  if (unknown.length > 0) return { ok: false, message: `unknown argument "${unknown[0]}"` };
  if (bundleAt === -1) return { ok: true, value: { bundleDir: null } };
  const next = args[bundleAt + 1];
  return { ok: true, value: { bundleDir: next && !next.startsWith('-') ? next : cwd } };
}

export interface DoctorOutcome {
  /** The machine-readable result, and the same for people. */
  value: DoctorReport & { bundle?: BundleResult };
  human: string;
  exitCode: number;
}

/** Runs the checks (and writes the bundle when asked). `packaged`: an installed build ignores FIELDTAPE_POLICY_FILE. */
export async function runDoctor(args: DoctorArgs, options: { packaged: boolean }): Promise<DoctorOutcome> {
  const policy = loadPolicy({ packaged: options.packaged });
  const report = await diagnose(policy);
  if (args.bundleDir === null) return { value: report, human: humanReport(report, policy), exitCode: report.ok ? 0 : 1 };
  const bundle = writeBundle(args.bundleDir, report, policy);
  return {
    value: { ...report, bundle },
    human:
      `${humanReport(report, policy)}\n\nDiagnostics bundle: ${bundle.path}\n  ${bundle.files.length} files, ${bundle.bytes} bytes; ` +
      `${bundle.redactions} secret value(s) redacted. Send this file to support.`,
    // The bundle is what was asked for; the problems it describes are in it (and printed above).
    exitCode: 0,
  };
}

export interface DoctorReport {
  ok: boolean;
  ffmpeg: (ResolvedFfmpeg & Omit<FfmpegDescription, 'path'>) | null;
  ffprobe: (ResolvedFfprobe & { version: string | null }) | null;
  policy: PolicyStatus;
  problems: string[];
}

function writeBundle(out: string, report: DoctorReport, policy: PolicyState): BundleResult {
  const { policy: status, ...doctor } = report;
  // Secrets the policy's profiles name are redacted even where an old log line holds them verbatim.
  const secrets = policyProfiles(policy).profiles.flatMap((p) => (p.secretSource.kind === 'env' ? [process.env[p.secretSource.variable] ?? ''] : []));
  return createDiagnosticsBundle({
    dataDir: resolveDataDir(),
    out,
    reports: { doctor: { version: APP_VERSION, ...doctor }, policy: status },
    secrets: secrets.filter((s) => s !== ''),
  });
}

async function diagnose(policy: PolicyState): Promise<DoctorReport> {
  const status = policyStatus(policy);
  const problems: string[] = status.errors.map((error) => `policy: ${error}`);
  let resolved: ResolvedFfmpeg;
  try {
    resolved = resolveFfmpeg();
  } catch (error) {
    return { ok: false, ffmpeg: null, ffprobe: null, policy: status, problems: [...problems, messageOf(error)] };
  }

  let ffmpeg: DoctorReport['ffmpeg'] = null;
  try {
    const { path: _path, ...description } = await describeFfmpeg(resolved.path);
    ffmpeg = { ...resolved, ...description };
    if (description.missing.length > 0) {
      problems.push(`This ffmpeg lacks the ${description.missing.join(', ')} encoder(s) finalize needs; use a full build (FFMPEG_PATH).`);
    }
  } catch (error) {
    problems.push(messageOf(error));
  }

  let ffprobe: DoctorReport['ffprobe'] = null;
  try {
    const found = resolveFfprobe(resolved.path);
    if (found) ffprobe = { ...found, version: await toolVersion(found.path) };
  } catch (error) {
    // ffprobe is optional, but a broken FFPROBE_PATH is still worth fixing.
    problems.push(messageOf(error));
  }
  return { ok: ffmpeg !== null && problems.length === 0, ffmpeg, ffprobe, policy: status, problems };
}

function humanReport(report: DoctorReport, policy: PolicyState): string {
  const lines: string[] = [];
  const { ffmpeg, ffprobe } = report;
  if (ffmpeg) {
    lines.push(
      `ffmpeg:   ${ffmpeg.path}`,
      `  source:   ${ffmpeg.source}`,
      `  version:  ${ffmpeg.version}${ffmpeg.libavformat ? ` (libavformat ${ffmpeg.libavformat})` : ''}`,
      `  encoders: ${Object.entries(ffmpeg.has).map(([name, present]) => `${name} ${present ? 'yes' : 'NO'}`).join(', ')}`,
      `            (${ffmpeg.encoders.length} encoders in total)`,
    );
  } else {
    lines.push('ffmpeg:   not usable');
  }
  lines.push(
    ffprobe
      ? `ffprobe:  ${ffprobe.path}\n  source:   ${ffprobe.source}\n  version:  ${ffprobe.version ?? 'unknown (it did not run)'}`
      : 'ffprobe:  not found (optional: media is probed by parsing `ffmpeg -i` instead)',
  );
  lines.push(...describePolicyState(policy));
  for (const problem of report.problems) if (!problem.startsWith('policy: ')) lines.push(`problem:  ${problem}`); // listed by the policy lines
  lines.push(
    report.ok
      ? 'OK: recordings can be finalized.'
      : report.ffmpeg && report.problems.every((p) => p.startsWith('policy: '))
        ? 'NOT OK: the IT policy is invalid and not applied (see above); recordings can still be finalized.'
        : 'NOT OK: recordings cannot be finalized until the problems above are fixed.',
  );
  return lines.join('\n');
}

function messageOf(error: unknown): string {
  return error instanceof AppError || error instanceof Error ? error.message : String(error);
}
