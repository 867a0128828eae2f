import { useMutation, useQueryClient } from "@tanstack/react-query";
import { invalidateGallery } from "@/lib/image-cache";
import { restoreFromTrash } from "@/lib/trash";
import type { TrashedPhoto } from "./get-trash";

/**
 * Puts a photo back in the library: it leaves the trash and shows in the gallery again (and in its duplicates'
 * group). Refused (409 `already_in_library`) while the same photo is in the library again.
 */
export function useRestorePhoto(onRestored: (photo: TrashedPhoto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (photo: TrashedPhoto) => restoreFromTrash(photo.id),
    onSuccess: (_, photo) => {
      onRestored(photo);
      invalidateGallery(queryClient);
    },
  });
}
