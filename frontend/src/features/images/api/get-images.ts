import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ImagePage } from "@/types/api";

export type GalleryFilters = { label: string | null; minConfidence: number; page: number };

export function imagesQueryKey(filters: GalleryFilters) {
  return ["images", "list", filters] as const;
}

export function getImages({ label, minConfidence, page }: GalleryFilters): Promise<ImagePage> {
  return apiRequest<ImagePage>("/api/images/", {
    query: { label, min_confidence: label ? minConfidence : undefined, page },
  });
}

export function useImages(filters: GalleryFilters) {
  return useQuery({
    queryKey: imagesQueryKey(filters),
    queryFn: () => getImages(filters),
    placeholderData: keepPreviousData,
  });
}

/** Photos or their detections changed: refetch every gallery page, photo and label count. */
export function invalidateGallery(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["images"] });
  void queryClient.invalidateQueries({ queryKey: ["labels"] });
}
