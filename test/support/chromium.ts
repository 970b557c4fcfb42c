// Debian's Chromium driven by playwright-core (Playwright cannot download its own browsers here). Used by
// the integration tests and the e2e tests. Playwright gives every launch a fresh temporary profile
// (--user-data-dir), which it deletes when the browser closes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Flags measured to work headless on this machine (docs: shared/design/environment.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.CHROME_PATH ?? '/usr/bin/chromium';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${file}. Install it (apt-get install chromium) or set CHROME_PATH to a Chromium or Chrome binary.`,
    );
  }
  return file;
}

export interface LaunchChromiumOptions extends Omit<LaunchOptions, 'executablePath'> {
  /** Added after CHROMIUM_ARGS, e.g. --auto-select-desktop-capture-source=Entire under Xvfb. */
  extraArgs?: string[];
  /**
   * Run the browser (and every process it starts) at this niceness: the session benchmark's guests, who
   * stand in for other people's machines, then take only the CPU the host leaves them.
   */
  nice?: number;
}

/** A launcher script for a niced Chromium (Playwright passes its flags first, so `nice` itself cannot be the executable). */
function nicedChromium(nice: number): string {
  const file = path.join(os.tmpdir(), `fieldtape-chromium-nice-${nice}.sh`);
  fs.writeFileSync(file, `#!/bin/sh\nexec nice -n ${nice} ${JSON.stringify(chromiumPath())} "$@"\n`, { mode: 0o755 });
  return file;
}

export async function launchChromium({ extraArgs = [], args = [], nice, ...options }: LaunchChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    headless: true,
    timeout: 60_000,
    ...options,
    executablePath: nice ? nicedChromium(nice) : chromiumPath(),
    args: [...CHROMIUM_ARGS, ...args, ...extraArgs],
  });
}
