import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { components } from "@/types/openapi";

type Schemas = components["schemas"];

export type TrashedPhoto = Schemas["TrashedPhotoOutput"];
export type TrashPage = Schemas["PaginatedTrashedPhotoOutputList"];

/** The photos a page shows, asked for by name so that the pages can be counted. */
export const TRASH_PAGE_SIZE = 50;

/**
 * Under the photos' key: a photo deleted from the library, or trashed by resolving its duplicates, shows here at
 * once (`invalidateGallery` refetches everything under "images").
 */
export function trashQueryKey(page: number) {
  return ["images", "trash", page] as const;
}

/** One page of the trash, the latest deleted first. */
export function getTrash(page: number): Promise<TrashPage> {
  return unwrap(api.GET("/api/trash/", { params: { query: { page, page_size: TRASH_PAGE_SIZE } } }));
}

export function useTrash(page: number) {
  return useQuery({
    queryKey: trashQueryKey(page),
    queryFn: () => getTrash(page),
    placeholderData: keepPreviousData,
  });
}
