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

/** Whether tasks of this type find objects (a type that only tags does not); true until the types have loaded. */
export function useTaskDetects(name: string): boolean {
  return useTaskTypes().data?.find((type) => type.name === name)?.detects ?? true;
}
