import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { GalleryFilters } from "../api/get-images";

export const DEFAULT_MIN_CONFIDENCE = 0.5;

function parseMinConfidence(value: string | null): number {
  const parsed = Number(value);
  return value !== null && parsed >= 0 && parsed <= 1 ? parsed : DEFAULT_MIN_CONFIDENCE;
}

/** Gallery filters live in the URL (`?label=dog&min_confidence=0.5&page=2`) so they survive reloads. */
export function useGalleryFilters() {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo<GalleryFilters>(
    () => ({
      label: searchParams.get("label"),
      minConfidence: parseMinConfidence(searchParams.get("min_confidence")),
      page: Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1),
    }),
    [searchParams],
  );

  const setFilters = useCallback(
    (change: Partial<GalleryFilters>) => {
      const next = { ...filters, page: 1, ...change };
      const params = new URLSearchParams();
      if (next.label) params.set("label", next.label);
      if (next.minConfidence !== DEFAULT_MIN_CONFIDENCE) params.set("min_confidence", String(next.minConfidence));
      if (next.page > 1) params.set("page", String(next.page));
      setSearchParams(params);
    },
    [filters, setSearchParams],
  );

  return { filters, setFilters };
}
