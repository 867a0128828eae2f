import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { DetectionModel, DetectionModelList } from "@/types/api";

export const modelsQueryKey = ["models"] as const;

/** The detection models tasks can run, the one shipped with Spotter first. Models are added rarely (by staff). */
export function useModels() {
  return useQuery({
    queryKey: modelsQueryKey,
    queryFn: () => apiRequest<DetectionModelList>("/api/models/"),
    select: (list) => list.models,
    staleTime: 5 * 60_000,
  });
}

/** The model tasks run unless told otherwise: the one marked default, else the first. */
export function defaultModel(models: readonly DetectionModel[] | undefined): DetectionModel | undefined {
  return models?.find((model) => model.is_default) ?? models?.[0];
}
