// What the shell does when its window's renderer process dies. A session recording keeps running in the
// engine (the journal is main-side) and the page resumes it when it loads again (docs/sessions.md), so a
// crashed, killed or out-of-memory renderer is reloaded at once: every moment the window stays dead is
// media the recording lacks. A renderer that keeps dying would reload forever, so after a few deaths in a
// short time the shell stops reloading and asks the user instead.
export type RendererGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export type RendererGoneDecision =
  | { action: 'reload' }
  /** Nothing to do: the renderer ended because the window is closing. */
  | { action: 'ignore' }
  /** Too many deaths in a row: stop reloading and tell the user why. */
  | { action: 'ask'; message: string };

export interface RendererRestartOptions {
  /** Reloads allowed within `windowMs` before the shell asks instead. */
  maxReloads?: number;
  windowMs?: number;
}

export class RendererRestartPolicy {
  private readonly reloads: number[] = [];
  private readonly maxReloads: number;
  private readonly windowMs: number;

  constructor(options: RendererRestartOptions = {}) {
    this.maxReloads = options.maxReloads ?? 3;
    this.windowMs = options.windowMs ?? 60_000;
  }

  decide(reason: RendererGoneReason, now: number): RendererGoneDecision {
    if (reason === 'clean-exit') return { action: 'ignore' };
    while (this.reloads.length > 0 && now - this.reloads[0]! > this.windowMs) this.reloads.shift();
    if (reason === 'integrity-failure') {
      return { action: 'ask', message: 'Fieldtape\'s window failed its integrity check (the installed files were changed). Reinstall Fieldtape; recordings already made are safe.' };
    }
    if (this.reloads.length >= this.maxReloads) {
      const minutes = Math.round(this.windowMs / 60_000);
      return {
        action: 'ask',
        message: `Fieldtape's window stopped ${this.reloads.length + 1} times within ${minutes === 1 ? 'a minute' : `${minutes} minutes`} (last reason: ${reason}). Recordings in progress are kept on disk and will be recovered. Reload the window, or quit and start Fieldtape again.`,
      };
    }
    this.reloads.push(now);
    return { action: 'reload' };
  }

  /** The user chose to reload after being asked: start counting afresh. */
  reset(): void {
    this.reloads.length = 0;
  }
}
