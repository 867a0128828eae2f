import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { TaskType } from "@/types/api";

export function useTaskTypes() {
  return useQuery({
    queryKey: ["task-types"],
    queryFn: () => unwrap(api.GET("/api/task-types/")),
    staleTime: Infinity,
  });
}

/** A task type's name for people ("Find people"), or its API name until the types have loaded. */
export function taskTitle(types: TaskType[] | undefined, name: string): string {
  return types?.find((type) => type.name === name)?.title ?? name;
}

export function useTaskTitle(name: string): string {
  return taskTitle(useTaskTypes().data, name);
}

/**
 * What a task's summary counts: the objects found by a type that finds them; else each photo's best tag, by a
 * type that tags; else the photos with text, by one that only reads. Objects until the types have loaded.
 */
export type SummaryKind = "objects" | "tags" | "text";

export function summaryKind(type: TaskType | undefined): SummaryKind {
  if (!type || type.detects) return "objects";
  return type.tags ? "tags" : "text";
}

export function useSummaryKind(name: string): SummaryKind {
  return summaryKind(useTaskTypes().data?.find((type) => type.name === name));
}
