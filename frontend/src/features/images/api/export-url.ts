import { withQuery } from "@/lib/api-client";
import type { ExportFormat, ExportQuery } from "@/types/api";
import type { GallerySearch } from "./get-images";

/**
 * The most selected photos an export names one by one. Their ids travel in the URL (the endpoint is a GET, so
 * that the browser itself downloads it), 37 characters each: 200 keep the request line under the 8 KB that
 * common reverse proxies accept. A larger selection is exported as a search instead.
 */
export const MOST_PHOTOS_BY_ID = 200;

export type ExportRequest = {
  format: ExportFormat;
  withPhotos: boolean;
  /** The selected photos; when none are, the gallery's search is exported. */
  selectedIds: readonly string[];
  /** The gallery's search. Its minimum confidence is also the least confidence of the exported detections. */
  search: GallerySearch;
};

/**
 * `GET /api/exports/?…`: the selection when there is one, else the search (every photo, with no filter). A URL, not
 * a call of the typed client: the browser downloads the zip itself.
 */
export function exportUrl({ format, withPhotos, selectedIds, search }: ExportRequest): string {
  const query: ExportQuery =
    selectedIds.length > 0
      ? { format, image_ids: selectedIds.join(",") }
      : {
          format,
          q: search.query ?? undefined,
          label: search.label ?? undefined,
          taken_after: search.takenAfter ?? undefined,
          taken_before: search.takenBefore ?? undefined,
        };
  return withQuery("/api/exports/", {
    ...query,
    min_confidence: search.minConfidence,
    with_photos: withPhotos ? "true" : undefined,
  });
}

/** The file the server names the export (`Content-Disposition`), for the download's own name. */
export function exportFilename(format: ExportFormat): string {
  return `spotter-${format}.zip`;
}
