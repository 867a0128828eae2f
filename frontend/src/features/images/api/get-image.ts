import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import { imageDetailKey } from "@/lib/image-cache";
import type { ImageWithDetections } from "@/types/api";

export function useImage(imageId: string) {
  return useQuery({
    queryKey: imageDetailKey(imageId),
    queryFn: () => apiRequest<ImageWithDetections>(`/api/images/${imageId}/`),
  });
}
