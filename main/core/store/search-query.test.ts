import { describe, expect, it } from 'vitest';
import { dateRangeOf, parseSearch } from './search-query';

describe('library search parsing', () => {
  it('turns words into prefix terms that must all match, neutralising FTS syntax', () => {
    expect(parseSearch('ada pump')).toEqual({ match: '"ada"* AND "pump"*', dateRange: null, empty: false });
    expect(parseSearch('"drop" OR* (x)').match).toBe('"drop"* AND "OR"* AND "x"*');
    expect(parseSearch('  ').match).toBeNull();
    expect(parseSearch('*** ""').match).toBeNull();
  });

  it('reads years, months and days as created_at ranges', () => {
    expect(dateRangeOf('2026')).toEqual({ from: '2026', to: '2027' });
    expect(dateRangeOf('2026-12')).toEqual({ from: '2026-12', to: '2027-01' });
    expect(dateRangeOf('2026-02-28')).toEqual({ from: '2026-02-28', to: '2026-03-01' });
    expect(dateRangeOf('2026-02-30')).toBeNull();
    expect(dateRangeOf('2026-13')).toBeNull();
    expect(parseSearch('ada 2026-11').dateRange).toEqual({ from: '2026-11', to: '2026-12' });
  });

  it('intersects several dates, and says when nothing can match', () => {
    expect(parseSearch('2026 2026-11-23').dateRange).toEqual({ from: '2026-11-23', to: '2026-11-24' });
    expect(parseSearch('2025 2026').empty).toBe(true);
  });
});
