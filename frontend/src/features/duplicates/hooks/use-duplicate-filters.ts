import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { DuplicateFilters, DuplicateKind } from "../api/get-duplicates";

function parseKind(value: string | null): DuplicateKind {
  return value === "burst" ? "burst" : "duplicate";
}

/** The search params of a view of groups: `?kind=burst&page=2`; the same picture and page 1 go without. */
export function duplicatesSearch({ kind, page }: DuplicateFilters): string {
  const params = new URLSearchParams();
  if (kind !== "duplicate") params.set("kind", kind);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * Which groups the view shows lives in the URL (`/duplicates?kind=burst&page=2`), so that it survives a reload.
 * Another kind starts at the first page.
 */
export function useDuplicateFilters() {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo<DuplicateFilters>(
    () => ({
      kind: parseKind(searchParams.get("kind")),
      page: Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1),
    }),
    [searchParams],
  );

  const setPage = useCallback(
    (page: number) => setSearchParams(new URLSearchParams(duplicatesSearch({ ...filters, page }))),
    [filters, setSearchParams],
  );

  return { filters, setPage };
}
