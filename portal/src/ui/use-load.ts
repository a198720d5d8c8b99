import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Loads what a page shows, again when its inputs change, and every `refreshMs` if given (work
 * moves on by itself: the lifecycle runs between two clicks). An answer that arrives after a newer
 * request was made is dropped, so a slow reply never overwrites a fresh one.
 */
export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[], refreshMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  // The caller lists what the load depends on, as with useEffect.
  const run = useCallback(load, inputs);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [run]);
  useEffect(() => {
    reload();
    if (!refreshMs) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);
  return { ...state, reload } as Loaded<T>;
}
