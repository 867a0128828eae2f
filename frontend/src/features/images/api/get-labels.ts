import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { LabelFacets } from "@/types/api";

export function useLabels(minConfidence: number) {
  return useQuery({
    queryKey: ["labels", minConfidence],
    queryFn: () =>
      apiRequest<LabelFacets>("/api/labels/", {
        query: { min_confidence: minConfidence },
      }),
    select: (data) => data.labels,
    placeholderData: keepPreviousData,
  });
}
