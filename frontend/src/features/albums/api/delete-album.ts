import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidateAlbums } from "./get-albums";

/** Deletes an album; its photos stay in the library. */
export function useDeleteAlbum(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/albums/{album_id}/", { params: { path: { album_id: albumId } } })),
    onSuccess: () => invalidateAlbums(queryClient),
  });
}
