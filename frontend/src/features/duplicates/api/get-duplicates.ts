import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { components } from "@/types/openapi";

type Schemas = components["schemas"];

export type DuplicateKind = Schemas["DuplicateGroupOutputKindEnum"];
export type DuplicateGroup = Schemas["DuplicateGroupOutput"];
export type DuplicatePhoto = Schemas["DuplicatePhotoOutput"];
export type DuplicateGroupPage = Schemas["PaginatedDuplicateGroupOutputList"];

export type DuplicateFilters = {
  /** duplicate: the same picture, resized or re-encoded; burst: alike photos taken within seconds. */
  kind: DuplicateKind;
  /** From 1. */
  page: number;
};

/** The groups a page shows, asked for by name so that the pages can be counted. */
export const DUPLICATES_PAGE_SIZE = 20;

/**
 * Under the photos' key: a photo deleted or uploaded refreshes its groups too (`invalidateGallery` refetches
 * everything under "images").
 */
export function duplicatesQueryKey(filters: DuplicateFilters) {
  return ["images", "duplicates", filters] as const;
}

/** One page of groups, each best photo first: the one to keep. */
export function getDuplicates({ kind, page }: DuplicateFilters): Promise<DuplicateGroupPage> {
  const query = { kind, page, page_size: DUPLICATES_PAGE_SIZE };
  return unwrap(api.GET("/api/duplicates/", { params: { query } }));
}

export function useDuplicates(filters: DuplicateFilters) {
  return useQuery({
    queryKey: duplicatesQueryKey(filters),
    queryFn: () => getDuplicates(filters),
    placeholderData: keepPreviousData,
  });
}
