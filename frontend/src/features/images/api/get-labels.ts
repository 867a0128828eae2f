import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";

export function useLabels(minConfidence: number) {
  return useQuery({
    queryKey: ["labels", minConfidence],
    queryFn: () => unwrap(api.GET("/api/labels/", { params: { query: { min_confidence: minConfidence } } })),
    select: (data) => data.labels,
    placeholderData: keepPreviousData,
  });
}
