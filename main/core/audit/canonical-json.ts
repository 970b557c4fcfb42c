// Canonical JSON for hashing: object keys sorted (JavaScript's default sort, i.e. by UTF-16 code units,
// as in RFC 8785), no whitespace, JSON's own number and string formatting. The same value always gives
// the same bytes, whatever order its keys were built in, so a chain can be re-verified from stored rows.
import { AppError } from '../../../shared/errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Serialises a plain JSON value (as produced by toJsonObject or JSON.parse) canonically. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}

/**
 * Turns caller data into the plain JSON object that will be stored and hashed: what JSON itself would
 * keep (undefined dropped, Dates as strings, NaN as null). Refuses what JSON cannot hold.
 */
export function toJsonObject(data: unknown): JsonObject {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw new AppError('INVALID_REQUEST', `Audit data must be plain JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('INVALID_REQUEST', 'Audit data must be a JSON object (key → value).');
  }
  return parsed as JsonObject;
}
