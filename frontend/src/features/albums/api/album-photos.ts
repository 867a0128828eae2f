import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import { invalidateAlbums } from "./get-albums";

type AlbumPhotos = { albumId: string; imageIds: string[] };

/** Album and gallery both show which photos an album holds. */
function useAlbumPhotosChanged() {
  const queryClient = useQueryClient();
  return () => {
    invalidateAlbums(queryClient);
    invalidateGallery(queryClient);
  };
}

/** Puts photos in an album of chosen photos (a live album refuses them: 400 `live_album`). */
export function useAddToAlbum() {
  const changed = useAlbumPhotosChanged();
  return useMutation({
    mutationFn: ({ albumId, imageIds }: AlbumPhotos) =>
      unwrap(
        api.POST("/api/albums/{album_id}/photos", {
          params: { path: { album_id: albumId } },
          body: { image_ids: imageIds },
        }),
      ),
    onSuccess: changed,
  });
}

/** Takes photos out of an album; they stay in the library. */
export function useRemoveFromAlbum() {
  const changed = useAlbumPhotosChanged();
  return useMutation({
    mutationFn: ({ albumId, imageIds }: AlbumPhotos) =>
      unwrap(
        api.DELETE("/api/albums/{album_id}/photos", {
          params: { path: { album_id: albumId } },
          body: { image_ids: imageIds },
        }),
      ),
    onSuccess: changed,
  });
}
