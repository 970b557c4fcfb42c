// The library's rows, fetched a page at a time as the list scrolls: page 0 on every new query (it also
// brings the total), then whichever pages the visible rows fall in. A recording that changes in the
// engine reloads the pages already shown. Answers to an older query are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryDeliveryFilter, LibraryEntry, LibraryStateFilter } from '../../../shared/domain/library';
import { api } from '../../api/fieldtape';

export const PAGE_SIZE = 100;

export interface LibraryFilter {
  search: string;
  states: LibraryStateFilter[];
  delivery: LibraryDeliveryFilter[];
}

export interface LibraryPages {
  total: number | null;
  /** The engine's time for the last page, in ms. */
  engineMs: number | null;
  error: string | null;
  entryAt(index: number): LibraryEntry | undefined;
  requestRange(first: number, last: number): void;
  reload(): void;
}

export function useLibraryPages(filter: LibraryFilter): LibraryPages {
  const pages = useRef(new Map<number, LibraryEntry[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  // What the last answer said, tagged with the query it answered: a new query shows nothing stale.
  const [loaded, setLoaded] = useState<{ key: string; total: number | null; engineMs: number | null; error: string | null; version: number }>({
    key: '',
    total: null,
    engineMs: null,
    error: null,
    version: 0,
  });
  const filterRef = useRef(filter);
  const keyRef = useRef('');

  const load = useCallback((page: number, gen: number) => {
    if (inFlight.current.has(page)) return;
    inFlight.current.add(page);
    const f = filterRef.current;
    const key = keyRef.current;
    void api.library
      .page({
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        ...(f.search.trim() ? { search: f.search.trim() } : {}),
        ...(f.states.length ? { states: f.states } : {}),
        ...(f.delivery.length ? { delivery: f.delivery } : {}),
      })
      .then((result) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(page);
        if (!result.ok) {
          setLoaded((l) => ({ ...l, key, error: result.error.message, version: l.version + 1 }));
          return;
        }
        pages.current.set(page, result.value.entries);
        setLoaded((l) => ({ key, total: result.value.total, engineMs: result.value.tookMs, error: null, version: l.version + 1 }));
      });
  }, []);

  const restart = useCallback(
    (keepPages: boolean) => {
      const gen = ++generation.current;
      const shown = keepPages ? [...pages.current.keys()] : [0];
      if (!keepPages) pages.current = new Map();
      inFlight.current = new Set();
      for (const page of shown.length ? shown : [0]) load(page, gen);
    },
    [load],
  );

  const key = JSON.stringify(filter);
  useEffect(() => {
    filterRef.current = JSON.parse(key) as LibraryFilter;
    keyRef.current = key;
    restart(false);
  }, [key, restart]);

  // New and changed recordings: reload what is shown, at most every half second.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('recording.updated', () => {
      timer ??= setTimeout(() => {
        timer = null;
        restart(true);
      }, 500);
    });
    const offDelivery = api.on('delivery.updated', () => {
      timer ??= setTimeout(() => {
        timer = null;
        restart(true);
      }, 500);
    });
    return () => {
      off();
      offDelivery();
      if (timer) clearTimeout(timer);
    };
  }, [restart]);

  const requestRange = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
        if (!pages.current.has(page)) load(page, generation.current);
      }
    },
    [load],
  );

  const current = loaded.key === key;
  return {
    total: current ? loaded.total : null,
    engineMs: current ? loaded.engineMs : null,
    error: current ? loaded.error : null,
    entryAt: (index) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    requestRange,
    reload: useCallback(() => restart(true), [restart]),
  };
}
