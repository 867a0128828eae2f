import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { imageDetailKey, invalidateGallery } from "@/lib/image-cache";

export function useDeleteImage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (imageId: string) =>
      unwrap(api.DELETE("/api/images/{image_id}/", { params: { path: { image_id: imageId } } })),
    onSuccess: (_, imageId) => {
      queryClient.removeQueries({ queryKey: imageDetailKey(imageId) });
      invalidateGallery(queryClient);
    },
  });
}
