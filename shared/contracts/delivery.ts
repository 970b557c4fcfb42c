// The delivery.* and profile.* channels: delivery state for the renderer, retry-now and cancel, the shells'
// online/wake nudge, and the destinations (profiles): list, add or change, remove, test, and store a secret.
// A secret crosses this boundary in one direction only, inside a profile.setSecret request on its way to
// the keychain: no reply or event ever carries one (profiles say where their secret is, never what it is).
import { z } from 'zod';
import { DeliverySnapshotSchema } from '../domain/delivery';
import { ProfileNameSchema, ProfileSchema, ProfileSettingsSchema, ProfileTestResultSchema } from '../domain/profile';
import { RecordingIdSchema } from '../domain/recording';
import { request } from './request';

const ById = z.object({ recordingId: RecordingIdSchema }).strict();

export const DELIVERY_REQUESTS = {
  'delivery.list': request(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), z.array(DeliverySnapshotSchema)),
  'delivery.get': request(ById, DeliverySnapshotSchema.nullable()),
  /** Attempt now, whatever the schedule says (also revives a failed or cancelled delivery). */
  'delivery.retry': request(ById, DeliverySnapshotSchema),
  'delivery.cancel': request(ById, DeliverySnapshotSchema),
  /** The network came back or the machine woke: pull every waiting delivery's next attempt forward. */
  'delivery.nudge': request(z.object({ reason: z.enum(['online', 'wake']) }).strict(), z.object({ nudged: z.number().int().nonnegative() })),
  'profile.list': request(z.object({}).strict(), z.array(ProfileSchema)),
  'profile.activate': request(z.object({ name: ProfileNameSchema }).strict(), ProfileSchema),
  'profile.test': request(z.object({ name: ProfileNameSchema }).strict(), ProfileTestResultSchema),
  /** Adds a destination (isNew; CONFLICT when the name is taken) or changes one (not its name, not IT's). */
  'profile.save': request(
    z.object({ settings: ProfileSettingsSchema.strict(), isNew: z.boolean(), activate: z.boolean().optional() }).strict(),
    ProfileSchema,
  ),
  /** Removes a destination and its keychain entry; recordings already bound to it keep their files. */
  'profile.remove': request(
    z.object({ name: ProfileNameSchema }).strict(),
    z.object({ removed: ProfileNameSchema, keychainProblem: z.string().nullable() }),
  ),
  /** Stores (or replaces) a destination's secret access key straight into the OS keychain. */
  'profile.setSecret': request(
    z.object({ name: ProfileNameSchema, secret: z.string().min(1, 'the secret is empty').max(1024, 'the secret is longer than any storage service uses') }).strict(),
    z.object({ profile: ProfileNameSchema, stored: z.literal(true) }),
  ),
} as const;

export const DELIVERY_EVENTS = {
  'delivery.updated': DeliverySnapshotSchema,
} as const;
