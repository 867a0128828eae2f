import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import type { components } from "@/types/openapi";
import { invalidateAlbums } from "./get-albums";

export type AlbumChange = components["schemas"]["PatchedAlbumUpdateInputRequest"];

/**
 * Renames or describes an album, changes a live album's search or chooses its cover. The gallery showing it
 * refetches too: a live album's new search finds other photos.
 */
export function useUpdateAlbum(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: AlbumChange) =>
      unwrap(api.PATCH("/api/albums/{album_id}/", { params: { path: { album_id: albumId } }, body: change })),
    onSuccess: () => {
      invalidateAlbums(queryClient);
      invalidateGallery(queryClient);
    },
  });
}
