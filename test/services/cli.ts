// npm run services:up | services:down — start the test services once and keep them running across test
// runs (the Vitest global setup reuses them and leaves them up), or stop exactly what was started.
//   tsx test/services/cli.ts up|down|status|build   (build: only make sure the Go binaries are in .cache/bin)
import { ensureGoBinaries } from './go-binaries';
import { isHealthy, currentOwner, servicesDown, servicesStatus, servicesUp } from './stack';

const log = (line: string): void => console.log(`[services] ${line}`);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const { env, reused } = await servicesUp({ owner: currentOwner('cli'), log });
      if (reused) log('already running');
      log(`S3 ${env.FIELDTAPE_TEST_S3_ENDPOINT} bucket ${env.FIELDTAPE_TEST_S3_BUCKET}; LiveKit ${env.LIVEKIT_URL}; D-Bus ${env.DBUS_SESSION_BUS_ADDRESS}`);
      log(`load the environment with: . ${servicesStatus().envFile}`);
      return 0;
    }
    case 'down': {
      await servicesDown({ log });
      return 0;
    }
    case 'status': {
      const { state } = servicesStatus();
      if (!state) {
        log('not running');
        return 1;
      }
      const healthy = await isHealthy(state);
      log(`${healthy ? 'healthy' : 'NOT healthy'}; started ${state.startedAt} by ${state.owner.kind} pid ${state.owner.pid}`);
      for (const p of state.procs) log(`  ${p.name} pid ${p.pid} log ${p.log}`);
      return healthy ? 0 : 1;
    }
    case 'build': {
      const started = Date.now();
      const bins = await ensureGoBinaries(log);
      log(`Go binaries ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${Object.values(bins).join(' ')}`);
      return 0;
    }
    default:
      console.error('usage: tsx test/services/cli.ts up|down|status|build');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[services] ${error.message}`);
    process.exit(1);
  },
);
