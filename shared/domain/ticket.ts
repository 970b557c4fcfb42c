// A ticket reference (INC0012345, SUP-481, 58213): what ties a recording to the service desk's ticket,
// incident or case. It is stored on the recording, written into the manifest, searchable in the library,
// and may become part of an S3 key, so it is limited to characters that are safe in any key and any URL.
import { z } from 'zod';

export const TICKET_MAX_LENGTH = 64;

export const TicketSchema = z
  .string()
  .trim()
  .max(TICKET_MAX_LENGTH, `a ticket reference is at most ${TICKET_MAX_LENGTH} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a ticket reference may only hold letters, digits, dots, dashes and underscores (e.g. INC0012345)');

/** '' (the box left empty) means no ticket; anything else must be a valid reference. */
export const OptionalTicketSchema = z
  .string()
  .max(TICKET_MAX_LENGTH + 16)
  .transform((value) => value.trim())
  .pipe(z.union([z.literal(''), TicketSchema]))
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

/** The renderer's check before Start: null when valid, otherwise what to fix. */
export function ticketProblem(value: string): string | null {
  if (value.trim() === '') return null;
  const parsed = TicketSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'not a ticket reference');
}
