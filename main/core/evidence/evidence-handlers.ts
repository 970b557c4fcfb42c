// The contract's evidence.* channels. The report is written under the data folder (reports/), so the app
// can point at a file the user can open or hand on; the owner's paths are read, never written.
import path from 'node:path';
import type { Handlers } from '../ipc/router';
import { runVerification } from './verify-run';

export function createEvidenceHandlers(deps: { dataDir: string; clock: () => Date }): Pick<Handlers, 'evidence.verifyFolder'> {
  return {
    'evidence.verifyFolder': async (req) => {
      const stamp = deps.clock().toISOString().replace(/[:.]/g, '-');
      const { report, reportFile } = await runVerification(
        {
          source: { folder: req.folder },
          tsaCertFile: req.tsaCertFile ?? null,
          databaseFile: req.databaseFile ?? null,
          reportFile: path.join(deps.dataDir, 'reports', `verify-${stamp}.html`),
        },
        deps.clock,
      );
      return { report, reportFile: reportFile! };
    },
  };
}
