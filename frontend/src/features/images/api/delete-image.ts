import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { imageDetailKey } from "@/lib/image-cache";
import { invalidateGallery } from "./get-images";

export function useDeleteImage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (imageId: string) => apiRequest<void>(`/api/images/${imageId}/`, { method: "DELETE" }),
    onSuccess: (_, imageId) => {
      queryClient.removeQueries({ queryKey: imageDetailKey(imageId) });
      invalidateGallery(queryClient);
    },
  });
}
