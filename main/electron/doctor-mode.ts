// On an installed machine there is no Node to run the `fieldtape` CLI (the RunAsNode fuse is off), so the
// app binary itself answers `--doctor`: `Fieldtape --doctor [--bundle [PATH]] [--json]` runs the same
// `fieldtape doctor` without opening a window or touching the library, prints its report, and exits.
import { app } from 'electron';
import { doctorCommand } from '../cli/commands/doctor';
import type { CliIo } from '../cli/command';

export const DOCTOR_FLAG = '--doctor';

/** True when this launch is a doctor run (it then exits by itself); false for a normal start. */
export function runDoctorIfAsked(argv: string[] = process.argv): boolean {
  const at = argv.indexOf(DOCTOR_FLAG);
  if (at === -1) return false;
  const args = argv.slice(at + 1);
  const json = args.includes('--json');
  const io: CliIo = {
    json,
    result: (value, human) => void process.stdout.write((json ? JSON.stringify(value, null, 2) : (human ?? JSON.stringify(value, null, 2))) + '\n'),
    say: (text) => void process.stderr.write(text + '\n'),
    readStdin: async () => '',
    // An installed app ignores FIELDTAPE_POLICY_FILE, in --doctor as in a normal start.
    packaged: app.isPackaged,
  };
  doctorCommand.run(args.filter((a) => a !== '--json'), io, null).then(
    (code) => app.exit(code),
    (error: unknown) => {
      process.stderr.write(`Fieldtape --doctor: ${error instanceof Error ? error.message : String(error)}\n`);
      app.exit(1);
    },
  );
  return true;
}
