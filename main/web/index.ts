// `npm run start:web`: hosts the engine and the renderer on 127.0.0.1 and prints the one URL to open.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/config/data-dir';
import { installCrashHandlers, lazyCrashLogger } from '../core/diagnostics/crash-handlers';
import { createEngine } from '../engine';
import { startWebShell } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4870' }, help: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stderr.write('Usage: fieldtape-web [--port N]   (FIELDTAPE_HOME selects the data folder)\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535 (got "${values.port}")`);
  }
  const engine = createEngine({ dataDir: resolveDataDir(), host: 'web' });
  // Before serving: what a crash left is marked interrupted now and recovered in the background.
  void engine.start();
  const shell = await startWebShell({ engine, port, rendererDir: path.join(__dirname, '..', 'renderer') });
  process.stdout.write(`Fieldtape web shell: ${shell.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// A crash is written to the local log before the process exits.
installCrashHandlers({
  log: lazyCrashLogger(() => resolveDataDir()),
  rejectionIsFatal: true,
  onFatal: (error) => {
    process.stderr.write(`Fieldtape web shell stopped: ${error instanceof Error ? error.message : String(error)} (details in the log)\n`);
    process.exit(70);
  },
});

main().catch((error: unknown) => {
  process.stderr.write(`Fieldtape web shell could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
