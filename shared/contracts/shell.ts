// Events of the Electron shell's desktop affordances (tray, global shortcut, recording indicator). Only the
// Electron host emits them; the web shell and the CLI never do, so a renderer that listens loses nothing there.
import { z } from 'zod';

/** What the Electron shell asks the renderer to do (tray menu, global shortcut): the recorder lives there. */
export const AppCommandSchema = z.object({ command: z.enum(['record.toggle', 'record.start', 'record.stop']) });
export type AppCommand = z.infer<typeof AppCommandSchema>;

/** What the always-on-top recording indicator shows (computed in main from recording events). */
export const IndicatorViewSchema = z.object({
  /** Never false while any recording is live. */
  visible: z.boolean(),
  state: z.enum(['recording', 'paused', 'stopping', 'idle']),
  /** Recorded time (pauses excluded) of the longest-running live recording, as of `at`. */
  elapsedMs: z.number().nonnegative(),
  /** When elapsedMs was measured; while recording the indicator counts on from here. */
  at: z.string(),
  /** Live recordings; more than one happens (a session plus a solo recording). */
  live: z.number().int().nonnegative(),
});
export type IndicatorView = z.infer<typeof IndicatorViewSchema>;

export const SHELL_EVENTS = {
  'app.command': AppCommandSchema,
  'app.indicator': IndicatorViewSchema,
} as const;
