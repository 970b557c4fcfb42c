// The one contract between the renderer and the engine. Every request, reply and event has a zod
// schema here; the Electron preload, the web shell and the main-side router are all generated from it,
// so a channel cannot exist in one host and not the other.
import { E2EE_KEY_PATTERN } from './e2ee-key';
import { z } from 'zod';
import { AppErrorSchema } from './errors';
import { SettingChangeSchema, SettingsSchema } from './domain/settings';
import { SettingsViewSchema } from './domain/settings-view';
import { PolicyStatusSchema } from './domain/policy-status';
import { RecordingSnapshotSchema } from './domain/recording';
import { RECORDING_REQUESTS } from './contracts/recording';
import { DELIVERY_EVENTS, DELIVERY_REQUESTS } from './contracts/delivery';
import { SESSION_EVENTS, SESSION_REQUESTS } from './contracts/session';
import { LIBRARY_EVENTS, LIBRARY_REQUESTS } from './contracts/library';
import { CAPTURE_REQUESTS } from './contracts/capture';
import { EVIDENCE_REQUESTS } from './contracts/evidence';
import { SHELL_EVENTS } from './contracts/shell';
import { request } from './contracts/request';

/** The largest frame the web shell's WebSocket accepts; anything bigger is refused unread. */
export const MAX_WIRE_BYTES = 24 * 1024 * 1024;

const Empty = z.object({}).strict();

export { DEFAULT_MAX_REQUEST_BYTES } from './contracts/request';

export const AppInfoSchema = z.object({
  name: z.literal('Fieldtape'),
  version: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Something the user must know (a recording recovered at start, a policy not applied, a full disk). */
export const NoticeSchema = z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() });
export type Notice = z.infer<typeof NoticeSchema>;

export const REQUESTS = {
  'app.info': request(Empty, AppInfoSchema),
  /** The notices since the engine started, oldest first: a window that opens later still sees them. */
  'app.notices': request(Empty, z.array(NoticeSchema).max(50)),
  'settings.get': request(Empty, SettingsViewSchema),
  'settings.set': request(SettingChangeSchema, SettingsViewSchema),
  /** The IT-managed policy: whether one applies, where from, why it was rejected, what it locks. */
  'policy.status': request(Empty, PolicyStatusSchema),

  ...RECORDING_REQUESTS,
  ...DELIVERY_REQUESTS,
  ...SESSION_REQUESTS,
  ...LIBRARY_REQUESTS,
  ...CAPTURE_REQUESTS,
  ...EVIDENCE_REQUESTS,
} as const;

export const EVENTS = {
  'recording.updated': RecordingSnapshotSchema,
  ...DELIVERY_EVENTS,
  ...LIBRARY_EVENTS,
  'settings.changed': SettingsSchema,
  'app.notice': NoticeSchema,
  /** Electron only: tray and global shortcut commands for the renderer's recorder; the indicator's view. */
  ...SHELL_EVENTS,
  ...SESSION_EVENTS,
  /** A validated fieldtape:// link the OS handed to the shell (Electron) or the page URL carried (web). */
  'link.opened': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('join'), url: z.string(), token: z.string(), e2eeKey: z.string().regex(E2EE_KEY_PATTERN).optional() }),
    z.object({ kind: z.literal('open'), recordingId: z.string() }),
  ]),
} as const;

export type Channel = keyof typeof REQUESTS;
export type EventName = keyof typeof EVENTS;
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C]['request']>;
export type ReplyOf<C extends Channel> = z.output<(typeof REQUESTS)[C]['reply']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export const CHANNELS = Object.keys(REQUESTS) as Channel[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REQUESTS, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, value);
}

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorSchema }),
]);
