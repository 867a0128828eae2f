import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { GalleryFilters } from "../api/get-images";
import { isReversedRange, parseDay } from "../utils/date-range";

export const DEFAULT_MIN_CONFIDENCE = 0.5;

function parseMinConfidence(value: string | null): number {
  const parsed = Number(value);
  return value !== null && parsed >= 0 && parsed <= 1 ? parsed : DEFAULT_MIN_CONFIDENCE;
}

/**
 * Gallery filters live in the URL (`?q=dog+-car&label=dog&min_confidence=0.5&taken_after=2024-05-01&album=…&page=2`)
 * so they survive reloads. Changing any filter goes back to the first page. A date range in the URL that ends
 * before it starts is ignored, as a date that is no day is.
 */
export function useGalleryFilters() {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo<GalleryFilters>(() => {
    const takenAfter = parseDay(searchParams.get("taken_after"));
    const takenBefore = parseDay(searchParams.get("taken_before"));
    const reversed = isReversedRange(takenAfter, takenBefore);
    return {
      query: searchParams.get("q")?.trim() || undefined,
      label: searchParams.get("label"),
      minConfidence: parseMinConfidence(searchParams.get("min_confidence")),
      takenAfter: reversed ? null : takenAfter,
      takenBefore: reversed ? null : takenBefore,
      album: searchParams.get("album") || undefined,
      page: Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1),
    };
  }, [searchParams]);

  const setFilters = useCallback(
    (change: Partial<GalleryFilters>) => {
      const next = { ...filters, page: 1, ...change };
      const params = new URLSearchParams();
      const query = next.query?.trim();
      if (query) params.set("q", query);
      if (next.label) params.set("label", next.label);
      if (next.minConfidence !== DEFAULT_MIN_CONFIDENCE) params.set("min_confidence", String(next.minConfidence));
      const takenAfter = parseDay(next.takenAfter);
      const takenBefore = parseDay(next.takenBefore);
      if (takenAfter) params.set("taken_after", takenAfter);
      if (takenBefore) params.set("taken_before", takenBefore);
      if (next.album) params.set("album", next.album);
      if (next.page > 1) params.set("page", String(next.page));
      setSearchParams(params);
    },
    [filters, setSearchParams],
  );

  return { filters, setFilters };
}
