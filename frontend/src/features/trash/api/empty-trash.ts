import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";

/** Deletes every photo in the trash for good. */
export function useEmptyTrash() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/trash/")),
    onSuccess: () => invalidateGallery(queryClient),
  });
}
