import { useCallback, useContext } from "react";
import { QueryClient, QueryClientContext, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { modelTitle } from "@/lib/model-names";
import type { DetectionModel } from "@/types/api";

export const modelsQueryKey = ["models"] as const;

const modelsQuery = {
  queryKey: modelsQueryKey,
  queryFn: () => unwrap(api.GET("/api/models/")),
  select: (list: { models: DetectionModel[] }) => list.models,
  staleTime: 5 * 60_000,
};

/** The detection models tasks can run, the one shipped with Spotter first. Models are added rarely (by staff). */
export function useModels() {
  return useQuery(modelsQuery);
}

/** Stands in where no QueryClientProvider is (a component rendered on its own): it asks for nothing. */
const NO_CLIENT = new QueryClient();

/**
 * What people see for a model the API names (`task.model`, a detection's `model`): its title, else the name
 * (`modelTitle`). Outside a QueryClientProvider it shows names, as they are.
 */
export function useModelTitle(): (name: string) => string {
  const client = useContext(QueryClientContext);
  const { data: models } = useQuery({ ...modelsQuery, enabled: client !== undefined }, client ?? NO_CLIENT);
  return useCallback((name: string) => modelTitle(name, models), [models]);
}

/** The model tasks run unless told otherwise: the one marked default, else the first. */
export function defaultModel(models: readonly DetectionModel[] | undefined): DetectionModel | undefined {
  return models?.find((model) => model.is_default) ?? models?.[0];
}
