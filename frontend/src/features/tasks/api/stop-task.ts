import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiRequest } from "@/lib/api-client";
import type { Task } from "@/types/api";
import { refreshTask, writeTaskToCache } from "./get-tasks";

export function isAlreadyFinished(error: unknown): boolean {
  return error instanceof ApiError && error.code === "task_already_finished";
}

export function useStopTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => apiRequest<Task>(`/api/tasks/${taskId}/`, { method: "DELETE" }),
    onSuccess: (task) => writeTaskToCache(queryClient, task),
    onError: (error, taskId) => {
      if (isAlreadyFinished(error)) refreshTask(queryClient, taskId);
    },
  });
}
