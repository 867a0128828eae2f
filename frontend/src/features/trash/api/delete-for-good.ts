import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import type { TrashedPhoto } from "./get-trash";

/** Deletes a photo in the trash for good, with its files: it cannot be restored any more. */
export function useDeleteForGood(onDeleted: (photo: TrashedPhoto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (photo: TrashedPhoto) =>
      unwrap(api.DELETE("/api/trash/{photo_id}/", { params: { path: { photo_id: photo.id } } })),
    onSuccess: (_, photo) => {
      onDeleted(photo);
      invalidateGallery(queryClient);
    },
  });
}
