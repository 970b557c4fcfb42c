// Compares a presented secret (a launch token, a media cookie) with the expected one in constant time, so
// how long a refusal takes says nothing about how much of a guess was right. Every host that checks a
// token uses this one.
import crypto from 'node:crypto';

export function tokensMatch(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
