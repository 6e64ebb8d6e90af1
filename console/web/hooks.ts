// Polling: a page's data, read again every `everyMs` while the page is shown.
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from './api.ts';

export function usePoll<T>(load: () => Promise<T>, everyMs: number, deps: unknown[] = []): { data?: T; error?: ApiError | Error; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error }>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const run = async () => {
      try {
        const data = await load();
        if (!stopped) setState({ data });
      } catch (error) {
        if (!stopped) setState((s) => ({ data: s.data, error: error as Error }));
      }
      if (!stopped && everyMs > 0) timer = window.setTimeout(() => void run(), everyMs);
    };
    void run();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
