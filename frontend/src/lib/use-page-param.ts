import { useCallback } from "react";
import { useSearchParams } from "react-router";

/** A view's page lives in the URL (`/trash?page=2`), so that it survives a reload; page 1 goes without. */
export function usePageParam() {
  const [searchParams, setSearchParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1);

  const setPage = useCallback(
    (next: number) => setSearchParams(next > 1 ? new URLSearchParams({ page: String(next) }) : new URLSearchParams()),
    [setSearchParams],
  );

  return { page, setPage };
}
