import { useCallback, useRef, useState } from "react";

/** Selected photo ids, kept across pages. Shift-click selects the range from the last click. */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchorId = useRef<string | null>(null);

  const toggle = useCallback((id: string, pageIds: string[], extendRange: boolean) => {
    const anchorIndex = anchorId.current ? pageIds.indexOf(anchorId.current) : -1;
    const index = pageIds.indexOf(id);
    setSelected((current) => {
      const next = new Set(current);
      if (extendRange && anchorIndex >= 0 && index >= 0) {
        const [from, to] = anchorIndex < index ? [anchorIndex, index] : [index, anchorIndex];
        for (const rangeId of pageIds.slice(from, to + 1)) next.add(rangeId);
      } else if (next.has(id)) {
        next.delete(id);
      } else {
        next.add(id);
      }
      return next;
    });
    anchorId.current = id;
  }, []);

  const selectAll = useCallback((ids: string[]) => {
    setSelected((current) => new Set([...current, ...ids]));
  }, []);

  const deselect = useCallback((id: string) => {
    setSelected((current) => new Set([...current].filter((selectedId) => selectedId !== id)));
  }, []);

  const clear = useCallback(() => {
    anchorId.current = null;
    setSelected((current) => (current.size > 0 ? new Set() : current));
  }, []);

  return { selected, toggle, selectAll, deselect, clear };
}
