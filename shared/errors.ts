// What crosses a process boundary when something fails. Stacks stay in the main-side log; the message
// says what happened and what the user can do about it.
import { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  /** Busy with earlier requests of the same kind (e.g. chunks in flight): the same request may be retried shortly. */
  'BUSY',
  'ILLEGAL_TRANSITION',
  'DISK_FULL',
  'IO_ERROR',
  'MEDIA_ERROR',
  'CORRUPT_DATA',
  'DATABASE_FROM_FUTURE',
  'MANAGED_BY_POLICY',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  detail: z.string().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorSchema>;

/** Thrown inside main; serialised to {code, message, detail} at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toData(): AppErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export function isAppErrorData(value: unknown): value is AppErrorData {
  return AppErrorSchema.safeParse(value).success;
}
