// The only module that touches `window.fieldtape`. In Electron the preload provides it; in the web
// shell it is built over the WebSocket. Features import `api` from here and nothing else.
import type { FieldtapeApi } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { connectWebBridge } from './web-bridge';

declare global {
  interface Window {
    fieldtape?: FieldtapeApi;
  }
}

export const api: FieldtapeApi = window.fieldtape ?? connectWebBridge(window.location);

/** Unwraps a Result for code that prefers exceptions (e.g. inside an async effect). */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
