// Turns what a reviewer types into the library's search box into SQL pieces: words become an FTS5
// query (every word must match, each as a prefix), and dates (2026, 2026-11, 2026-11-23) become a range
// on created_at, which the paging index serves. Nothing the user types reaches SQL except as a bound
// parameter, and FTS5 syntax characters are neutralised by quoting every word.

export interface ParsedSearch {
  /** FTS5 MATCH expression, or null when no word was given. */
  match: string | null;
  /** [from, to) on created_at (ISO strings compare in time order), or null. */
  dateRange: { from: string; to: string } | null;
  /** True when the text asks for something impossible (e.g. two different dates): no row can match. */
  empty: boolean;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const MAX_WORDS = 8;

export function parseSearch(text: string | undefined): ParsedSearch {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 32);
  const terms: string[] = [];
  let dateRange: ParsedSearch['dateRange'] = null;
  let empty = false;
  for (const word of words) {
    const range = dateRangeOf(word);
    if (range) {
      if (dateRange) {
        const from: string = range.from > dateRange.from ? range.from : dateRange.from;
        const to: string = range.to < dateRange.to ? range.to : dateRange.to;
        if (from >= to) empty = true;
        dateRange = { from, to };
      } else dateRange = range;
      continue;
    }
    // Keep letters, digits and the joiners the tokenizer splits on anyway; drop quotes and FTS operators.
    const cleaned = word.replace(/["*^():{}[\]]/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(cleaned)) continue;
    if (terms.length < MAX_WORDS) terms.push(`"${cleaned}"*`);
  }
  return { match: terms.length ? terms.join(' AND ') : null, dateRange, empty };
}

export function dateRangeOf(word: string): { from: string; to: string } | null {
  const m = DATE.exec(word);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  if (year < 1970 || year > 9998) return null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null) {
    const probe = new Date(Date.UTC(year, month! - 1, day));
    if (probe.getUTCMonth() !== month! - 1) return null;
    const next = new Date(probe.getTime() + 86_400_000);
    return { from: probe.toISOString().slice(0, 10), to: next.toISOString().slice(0, 10) };
  }
  if (month !== null) {
    const from = `${m[1]}-${m[2]}`;
    const to = month === 12 ? `${year + 1}-01` : `${m[1]}-${String(month + 1).padStart(2, '0')}`;
    return { from, to };
  }
  return { from: `${m[1]}`, to: `${year + 1}` };
}
