import { useCallback, useEffect, useRef } from "react";

/**
 * `callback`, run at once and then at most once every `ms`: the calls in between are run as one at the end of
 * that time, so that the last one is never lost.
 */
export function useThrottledCallback(callback: () => void, ms: number): () => void {
  const latest = useRef(callback);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef(false);

  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  return useCallback(() => {
    if (timer.current !== undefined) {
      pending.current = true;
      return;
    }
    const run = () => {
      pending.current = false;
      latest.current();
      timer.current = setTimeout(() => {
        timer.current = undefined;
        if (pending.current) run();
      }, ms);
    };
    run();
  }, [ms]);
}
