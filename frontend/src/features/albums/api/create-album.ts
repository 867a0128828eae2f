import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { components } from "@/types/openapi";
import { invalidateAlbums } from "./get-albums";

export type NewAlbum = components["schemas"]["AlbumInputRequest"];

/** Creates an album: of the photos named (`image_ids`), or a live album that keeps a search (`query`, `filters`). */
export function useCreateAlbum() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (album: NewAlbum) => unwrap(api.POST("/api/albums/", { body: album })),
    onSuccess: () => invalidateAlbums(queryClient),
  });
}
