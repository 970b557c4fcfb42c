// The delivery.* and profile.* channels: delivery state for the renderer, retry-now and cancel, the shells'
// online/wake nudge, and the (secret-free) profile list.
import { z } from 'zod';
import { DeliverySnapshotSchema } from '../domain/delivery';
import { ProfileNameSchema, ProfileSchema, ProfileTestResultSchema } from '../domain/profile';
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
} as const;

export const DELIVERY_EVENTS = {
  'delivery.updated': DeliverySnapshotSchema,
} as const;
