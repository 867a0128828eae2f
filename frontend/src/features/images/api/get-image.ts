import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { imageDetailKey } from "@/lib/image-cache";

export function useImage(imageId: string) {
  return useQuery({
    queryKey: imageDetailKey(imageId),
    queryFn: () => unwrap(api.GET("/api/images/{image_id}/", { params: { path: { image_id: imageId } } })),
  });
}
