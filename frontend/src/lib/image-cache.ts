import type { QueryClient } from "@tanstack/react-query";
import type { Image, ImagePage } from "@/types/api";

/** Where the photos sit in the query cache: gallery pages under `[...IMAGE_LIST_KEY, filters]`. */
export const IMAGE_LIST_KEY = ["images", "list"] as const;
/** …and each photo opened under `imageDetailKey(id)`. */
export const IMAGE_DETAIL_KEY = ["images", "detail"] as const;

export function imageDetailKey(imageId: string) {
  return [...IMAGE_DETAIL_KEY, imageId] as const;
}

/** Each photo's file name, by id, as far as the gallery pages and photos already loaded know them. */
export function cachedFilenames(queryClient: QueryClient): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, page] of queryClient.getQueriesData<ImagePage>({ queryKey: IMAGE_LIST_KEY })) {
    for (const image of page?.results ?? []) names.set(image.id, image.filename);
  }
  for (const [, image] of queryClient.getQueriesData<Image>({ queryKey: IMAGE_DETAIL_KEY })) {
    if (image) names.set(image.id, image.filename);
  }
  return names;
}

/**
 * Photos or their detections changed: refetch every gallery page, photo, duplicate group and trash page (all
 * under "images"), label count and search suggestion.
 */
export function invalidateGallery(queryClient: QueryClient, { cancelRefetch = true } = {}) {
  void queryClient.invalidateQueries({ queryKey: ["images"] }, { cancelRefetch });
  void queryClient.invalidateQueries({ queryKey: ["labels"] }, { cancelRefetch });
  void queryClient.invalidateQueries({ queryKey: ["search"] }, { cancelRefetch });
}
