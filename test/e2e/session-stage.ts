// What every session e2e file sets up around its tests: a private livekit-server and one Chromium, started
// together before the first test; the participants a test opens are closed after the last one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../support/chromium';
import { closeParticipant, SESSION_CHROMIUM_ARGS, startPrivateLivekit, type Participant, type PrivateLivekit } from './session-harness';

export interface SessionStage {
  readonly livekit: PrivateLivekit;
  readonly browser: Browser;
  /** Participants to close after the file's tests. */
  readonly people: Participant[];
}

export function useSessionStage(): SessionStage {
  let livekit: PrivateLivekit | undefined;
  let browser: Browser | undefined;
  const people: Participant[] = [];
  beforeAll(async () => {
    [livekit, browser] = await Promise.all([startPrivateLivekit(), launchChromium({ extraArgs: SESSION_CHROMIUM_ARGS })]);
  });
  afterAll(async () => {
    for (const p of people) await closeParticipant(p);
    await browser?.close();
    await livekit?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the session stage is used before beforeAll started it');
    return value;
  };
  return {
    get livekit() {
      return started(livekit);
    },
    get browser() {
      return started(browser);
    },
    people,
  };
}
