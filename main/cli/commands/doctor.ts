// `fieldtape doctor [--bundle [PATH]] [--json]`: the engine-free checks of main/core/diagnostics/doctor.ts,
// printed for the CLI.
import { parseDoctorArgs, runDoctor } from '../../core/diagnostics/doctor';
import { type StandaloneCommand, UsageError } from '../command';

export const doctorCommand: StandaloneCommand = {
  name: 'doctor',
  usage: 'fieldtape doctor [--bundle [PATH]] [--json]',
  summary: 'check ffmpeg, ffprobe and the IT policy; --bundle packages the logs for support (secrets redacted)',
  needsEngine: false,
  async run(args, io) {
    const parsed = parseDoctorArgs(args, process.cwd());
    if (!parsed.ok) throw new UsageError(parsed.message);
    const outcome = await runDoctor(parsed.value, { packaged: io.packaged === true });
    io.result(outcome.value, outcome.human);
    return outcome.exitCode;
  },
};
