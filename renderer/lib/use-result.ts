// Loads a contract call once and exposes {data, error, loading, reload} — no shadow state beyond that.
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../shared/errors';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
  replace(value: T): void;
}

export function useResult<T>(load: () => Promise<Result<T>>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (result) => {
        if (!live) return;
        setState(result.ok ? { data: result.value, error: null, loading: false } : { data: null, error: result.error.message, loading: false });
      },
      (error: unknown) => live && setState({ data: null, error: String(error), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback((value: T) => setState({ data: value, error: null, loading: false }), []);
  return { ...state, reload, replace };
}
