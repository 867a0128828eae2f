import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { DetectionModel } from "@/types/api";

export const modelsQueryKey = ["models"] as const;

/** The detection models tasks can run, the one shipped with Spotter first. Models are added rarely (by staff). */
export function useModels() {
  return useQuery({
    queryKey: modelsQueryKey,
    queryFn: () => unwrap(api.GET("/api/models/")),
    select: (list) => list.models,
    staleTime: 5 * 60_000,
  });
}

/** The model tasks run unless told otherwise: the one marked default, else the first. */
export function defaultModel(models: readonly DetectionModel[] | undefined): DetectionModel | undefined {
  return models?.find((model) => model.is_default) ?? models?.[0];
}
