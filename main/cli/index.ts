// The `fieldtape` command: the same engine as the app, driven from a terminal or a script.
import { resolveDataDir } from '../core/config/data-dir';
import { installCrashHandlers, lazyCrashLogger } from '../core/diagnostics/crash-handlers';
import { toAppError } from '../core/errors-map';
import { createEngine, type Engine } from '../engine';
import { type CliCommand, type CliIo, UsageError } from './command';
import { COMMANDS } from './commands';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: fieldtape <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --json prints exactly one JSON document on stdout; --help after a command shows its usage.',
    'FIELDTAPE_HOME selects the data folder (default: the per-user application-data folder).',
  ].join('\n');
}

function createIo(json: boolean): CliIo {
  return {
    json,
    result(value, human) {
      if (json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
      else process.stdout.write((human ?? JSON.stringify(value, null, 2)) + '\n');
    },
    say(text) {
      process.stderr.write(text + '\n');
    },
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export async function runCli(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const io = createIo(json);
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText() + '\n');
    return name ? 0 : 1;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.say(`Unknown command "${name}".\n\n${helpText()}`);
    return 64;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  let engine: Engine | null = null;
  try {
    if (!command.needsEngine) return await command.run(rest, io);
    engine = createEngine({ dataDir: resolveDataDir(), host: 'cli', echoLog: process.env.FIELDTAPE_LOG_STDERR === '1' });
    if (command.recoverAtStart === 'wait') await engine.start();
    if (command.recoverAtStart === 'background') void engine.start();
    return await command.run(rest, io, engine);
  } catch (error) {
    if (error instanceof UsageError) {
      io.say(`${error.message}\nUsage: ${command.usage}`);
      if (json) io.result({ ok: false, error: { code: 'INVALID_REQUEST', message: error.message } });
      return 64;
    }
    const data = toAppError(error, `running ${name}`)?.toData() ?? { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    io.say(`fieldtape ${name}: ${data.message}`);
    if (json) io.result({ ok: false, error: data });
    return 1;
  } finally {
    // Closing may fail too (a full disk cannot take the last WAL checkpoint); the data is safe in the WAL.
    await engine?.close().catch((error: unknown) => io.say(`fieldtape: could not close the library cleanly: ${error instanceof Error ? error.message : String(error)}`));
  }
}

// A crash is written to the local log (for `fieldtape doctor --bundle`) before the process exits.
installCrashHandlers({
  log: lazyCrashLogger(() => resolveDataDir()),
  rejectionIsFatal: true,
  onFatal: (error) => {
    process.stderr.write(`fieldtape: unexpected error: ${error instanceof Error ? error.message : String(error)} (details in the log)\n`);
    process.exit(70);
  },
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fieldtape: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
