import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { ApiError, api, unwrap, withQuery } from "@/lib/api-client";
import { IMAGE_LIST_KEY } from "@/lib/image-cache";
import type { ImagePage } from "@/types/api";
import type { ListedPhoto } from "../hooks/use-others-photos";

export type GalleryFilters = {
  /** A search in the query language (`dog -car person>=2`, docs/search.md); null or absent: none. */
  query?: string | null;
  label: string | null;
  minConfidence: number;
  /** Taken on or after this day (YYYY-MM-DD); photos without a date count by their upload day. */
  takenAfter?: string | null;
  /** Taken on or before this day (YYYY-MM-DD). */
  takenBefore?: string | null;
  /** Only the photos of this album (its id). */
  album?: string | null;
  page: number;
};

/** What the gallery searches for, page aside: what "Select all" and exports take too. */
export type GallerySearch = Omit<GalleryFilters, "page">;

/** The most photos one list request may ask for (the API's `max_page_size`). */
const LARGEST_PAGE = 200;
/** The photos a gallery page shows, asked for by name so that the pages can be counted. */
export const GALLERY_PAGE_SIZE = 50;

export function imagesQueryKey(filters: GalleryFilters) {
  return [...IMAGE_LIST_KEY, filters] as const;
}

/**
 * Which photos a search finds, as the list takes it. With a label or a query, the minimum confidence says which
 * photos' boxes match (a query's tags count from the API's own floor); without, it changes no photo found.
 */
function searchFilters({ query, label, minConfidence, takenAfter, takenBefore, album }: GallerySearch) {
  return {
    album: album ?? undefined,
    q: query ?? undefined,
    label: label ?? undefined,
    min_confidence: label || query ? minConfidence : undefined,
    taken_after: takenAfter ?? undefined,
    taken_before: takenBefore ?? undefined,
  };
}

/** The same for two searches that find the same photos, different otherwise. */
export function searchKey(search: GallerySearch): string {
  return withQuery("", searchFilters(search));
}

/**
 * One page of photos: newest taken first, or with a search query, best matches first, each with what matched.
 * The minimum confidence is always the level each photo's `labels` are counted at (`labels_at`), so the cards
 * follow the gallery's slider.
 */
export function getImages(filters: GalleryFilters, pageSize = GALLERY_PAGE_SIZE): Promise<ImagePage> {
  const query = {
    ...searchFilters(filters),
    labels_at: filters.minConfidence,
    page: filters.page,
    page_size: pageSize,
  };
  return unwrap(api.GET("/api/images/", { params: { query } }));
}

export function useImages(filters: GalleryFilters) {
  return useQuery({
    queryKey: imagesQueryKey(filters),
    queryFn: () => getImages(filters),
    placeholderData: keepPreviousData,
  });
}

/**
 * Every photo the filters match, across all pages, read a large page at a time: its id, and whether it is yours
 * (an album shared with you holds others' photos too).
 */
export async function getAllPhotos(filters: GallerySearch): Promise<ListedPhoto[]> {
  const photos: ListedPhoto[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await getImages({ ...filters, page }, LARGEST_PAGE);
    photos.push(...answer.results.map(({ id, yours }) => ({ id, yours })));
    if (!answer.next || answer.results.length === 0) return photos;
  }
}

export function useAllPhotos() {
  return useMutation({ mutationFn: getAllPhotos });
}

/**
 * Why the API refused the gallery's search query (an unknown word, a malformed query: a 400 saying where and
 * why), for the search box to show; null when it did not.
 */
export function searchRefusal(error: unknown, filters: GallerySearch): ApiError | null {
  return filters.query && error instanceof ApiError && error.status === 400 ? error : null;
}
