// Measures a structured-clone payload without serialising it, stopping as soon as the limit is passed,
// so an oversized message costs at most `limit` bytes of work before it is refused.
const TOO_DEEP = 64;

export function exceedsByteLimit(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > TOO_DEEP) return true;
    if (v === null || v === undefined || typeof v === 'boolean') total += 4;
    else if (typeof v === 'number' || typeof v === 'bigint') total += 8;
    else if (typeof v === 'string') total += v.length * 2;
    else if (v instanceof Uint8Array) total += v.byteLength;
    else if (v instanceof ArrayBuffer) total += v.byteLength;
    else if (Array.isArray(v)) {
      total += 8;
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
    } else if (typeof v === 'object') {
      total += 8;
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        total += k.length * 2;
        stack.push({ v: item, depth: depth + 1 });
      }
    } else {
      total += 8;
    }
    if (total > limit) return true;
  }
  return false;
}
