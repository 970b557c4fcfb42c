// Recovery at start-up, once per engine, for every host: the Electron app, the web shell and the CLI all
// reach it through engine.start() instead of each calling recoverAll() its own way. It first marks every
// recording whose owner is gone as interrupted (synchronously, before the host serves anything, so no
// screen ever shows it as live), then recovers in the background and tells the user what came back.
// While the app runs, a recording another process left behind (a CLI killed meanwhile) is found when the
// library is read (noticeOrphans) and recovered the same way.
import type { Logger } from '../log';
import { emptyReport, recoveryNotice, type RecoveryReport } from './recovery-report';
import type { RecordingService } from './recording-service';

export interface StartupRecoveryDeps {
  recordings: Pick<RecordingService, 'reconcile' | 'recoverAll'>;
  notify: (notice: { level: 'info' | 'warning' | 'error'; message: string }) => void;
  log: Logger;
}

export interface StartupRecovery {
  /** Runs the start-up recovery the first time; later calls return the same report. Never rejects. */
  start(): Promise<RecoveryReport>;
  /** Library reads call this: orphans found while running are marked interrupted and recovered. */
  noticeOrphans(): void;
  /** Resolves once no recovery is running (engine.close waits for it before closing the database). */
  idle(): Promise<void>;
}

export function createStartupRecovery(deps: StartupRecoveryDeps): StartupRecovery {
  let startup: Promise<RecoveryReport> | null = null;
  // Passes run one after another: two at once would race for the same recordings inside one process.
  let chain: Promise<unknown> = Promise.resolve();

  function pass(why: 'start' | 'orphans'): Promise<RecoveryReport> {
    const run = chain.then(async () => {
      let report: RecoveryReport;
      try {
        report = await deps.recordings.recoverAll();
      } catch (error) {
        deps.log.error('recovery failed', { why, error: String(error) });
        report = { ...emptyReport(), errors: [{ id: null, title: null, message: error instanceof Error ? error.message : String(error) }] };
      }
      deps.log.info('recovery pass', { why, recovered: report.recovered.length, skipped: report.skipped.length, nothingDurable: report.nothingDurable.length, errors: report.errors.length });
      const notice = recoveryNotice(report);
      if (notice) deps.notify(notice);
      return report;
    });
    chain = run;
    return run;
  }

  function markOrphans(): string[] {
    try {
      return deps.recordings.reconcile();
    } catch (error) {
      deps.log.error('could not check recording owners', { error: String(error) });
      return [];
    }
  }

  return {
    start() {
      if (!startup) {
        markOrphans();
        startup = pass('start');
      }
      return startup;
    },
    noticeOrphans() {
      if (markOrphans().length > 0 && startup) void pass('orphans');
    },
    async idle() {
      await chain.catch(() => undefined);
    },
  };
}
