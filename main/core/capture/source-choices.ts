// Which screen or window each app window's next getDisplayMedia call gets. Pure bookkeeping for the Electron
// shell's picker (main/electron/display-media.ts):
//
//   capture.sources  → offer(window, ids)        the ids the app listed to that window (valid a few minutes)
//   capture.select   → select(window, id, audio) must be one of them; arms a choice for `choiceTtlMs`
//   getDisplayMedia  → take(window)              the armed choice, once; null when none or it expired
//
// A choice is one-shot and short-lived so a stale pick can never silently decide a later capture: a
// getDisplayMedia call that finds none falls back to the shell's default, and the renderer asks again.
import { AppError } from '../../../shared/errors';

export interface ArmedChoice {
  sourceId: string;
  systemAudio: boolean;
  expiresAt: Date;
}

export interface SourceChoicesOptions {
  clock: () => Date;
  /** How long a choice waits for its getDisplayMedia call. */
  choiceTtlMs?: number;
  /** How long a listing stays selectable (the picker is open meanwhile). */
  listingTtlMs?: number;
}

export const DEFAULT_CHOICE_TTL_MS = 30_000;
export const DEFAULT_LISTING_TTL_MS = 10 * 60_000;

export class SourceChoices {
  private readonly listings = new Map<number, { ids: Set<string>; until: number }>();
  private readonly armed = new Map<number, ArmedChoice>();
  private readonly clock: () => Date;
  private readonly choiceTtlMs: number;
  private readonly listingTtlMs: number;

  constructor(options: SourceChoicesOptions) {
    this.clock = options.clock;
    this.choiceTtlMs = options.choiceTtlMs ?? DEFAULT_CHOICE_TTL_MS;
    this.listingTtlMs = options.listingTtlMs ?? DEFAULT_LISTING_TTL_MS;
  }

  /** Records what `capture.sources` listed to a window; a new listing replaces the previous one. */
  offer(windowId: number, sourceIds: Iterable<string>): void {
    this.listings.set(windowId, { ids: new Set(sourceIds), until: this.clock().getTime() + this.listingTtlMs });
  }

  /** Arms the window's next getDisplayMedia with a listed source; refuses anything it was not offered. */
  select(windowId: number, sourceId: string, systemAudio: boolean): ArmedChoice {
    const now = this.clock().getTime();
    const listing = this.listings.get(windowId);
    if (!listing || listing.until <= now) {
      this.listings.delete(windowId);
      throw new AppError('CONFLICT', 'The list of screens and windows is out of date. Open the picker again and choose once more.');
    }
    if (!listing.ids.has(sourceId)) {
      throw new AppError('NOT_FOUND', 'That screen or window is not one Fieldtape listed. Open the picker again and choose from the list.');
    }
    const choice = { sourceId, systemAudio, expiresAt: new Date(now + this.choiceTtlMs) };
    this.armed.set(windowId, choice);
    return choice;
  }

  /** The armed choice for this window's getDisplayMedia call, consumed; null when none or expired. */
  take(windowId: number): ArmedChoice | null {
    const choice = this.armed.get(windowId) ?? null;
    this.armed.delete(windowId);
    if (!choice || choice.expiresAt.getTime() <= this.clock().getTime()) return null;
    return choice;
  }

  /** A window closed: its listing and choice go with it. */
  forget(windowId: number): void {
    this.listings.delete(windowId);
    this.armed.delete(windowId);
  }
}
