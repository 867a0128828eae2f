import { formatDay, formatPercent, quotedQuery } from "@/lib/format";
import type { components } from "@/types/openapi";
import type { Album } from "../api/get-albums";

type AlbumFilters = components["schemas"]["AlbumFiltersRequest"];

/** What the gallery searches for (its `GallerySearch`), as a live album keeps it. */
export type SavedSearch = {
  query?: string | null;
  label: string | null;
  minConfidence: number;
  takenAfter?: string | null;
  takenBefore?: string | null;
};

/** A live album's search and filters, as the API takes them; a minimum confidence counts with a label or query. */
export function liveAlbumSearch(search: SavedSearch): { query?: string; filters?: AlbumFilters } {
  const filters: AlbumFilters = {};
  if (search.label) filters.label = search.label;
  if (search.label || search.query) filters.min_confidence = search.minConfidence;
  if (search.takenAfter) filters.taken_after = search.takenAfter;
  if (search.takenBefore) filters.taken_before = search.takenBefore;
  return {
    ...(search.query ? { query: search.query } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
  };
}

function textOf(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** What a live album keeps finding, in words: "“dog -car” · with “cat” ≥ 60% · taken from 1 May 2024". */
export function liveSearchText(album: Pick<Album, "query" | "filters">): string {
  const filters = (typeof album.filters === "object" && album.filters !== null ? album.filters : {}) as Record<
    string,
    unknown
  >;
  const label = textOf(filters.label);
  const minConfidence = typeof filters.min_confidence === "number" ? filters.min_confidence : null;
  const after = textOf(filters.taken_after);
  const before = textOf(filters.taken_before);
  return [
    album.query && quotedQuery(album.query),
    label && `with “${label}”${minConfidence === null ? "" : ` ≥ ${formatPercent(minConfidence)}`}`,
    after && `taken from ${formatDay(after)}`,
    before && `taken until ${formatDay(before)}`,
  ]
    .filter(Boolean)
    .join(" · ");
}
