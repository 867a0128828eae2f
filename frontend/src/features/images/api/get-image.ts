import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ImageWithDetections } from "@/types/api";

export function useImage(imageId: string) {
  return useQuery({
    queryKey: ["images", "detail", imageId],
    queryFn: () => apiRequest<ImageWithDetections>(`/api/images/${imageId}/`),
  });
}
