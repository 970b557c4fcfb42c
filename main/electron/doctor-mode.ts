// On an installed machine there is no Node to run the `fieldtape` CLI (the RunAsNode fuse is off), so the
// app binary itself answers `--doctor`: `Fieldtape --doctor [--bundle [PATH]] [--json]` runs the same
// checks as `fieldtape doctor` (main/core/diagnostics/doctor.ts) without opening a window or touching the
// library, prints its report, and exits.
import { app } from 'electron';
import { parseDoctorArgs, runDoctor } from '../core/diagnostics/doctor';

export const DOCTOR_FLAG = '--doctor';

/** True when this launch is a doctor run (it then exits by itself); false for a normal start. */
export function runDoctorIfAsked(argv: string[] = process.argv): boolean {
  const at = argv.indexOf(DOCTOR_FLAG);
  if (at === -1) return false;
  const args = argv.slice(at + 1);
  const json = args.includes('--json');
  const fail = (message: string) => {
    process.stderr.write(`Fieldtape --doctor: ${message}\n`);
    app.exit(1);
  };
  const parsed = parseDoctorArgs(args.filter((a) => a !== '--json'), process.cwd());
  if (!parsed.ok) {
    fail(`${parsed.message}. Usage: Fieldtape --doctor [--bundle [PATH]] [--json]`);
    return true;
  }
  // An installed app ignores FIELDTAPE_POLICY_FILE, in --doctor as in a normal start.
  runDoctor(parsed.value, { packaged: app.isPackaged }).then(
    (outcome) => {
      process.stdout.write((json ? JSON.stringify(outcome.value, null, 2) : outcome.human) + '\n');
      app.exit(outcome.exitCode);
    },
    (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
  );
  return true;
}
