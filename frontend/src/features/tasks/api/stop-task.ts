import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "@/lib/api-client";
import { refreshTask, writeTaskToCache } from "./get-tasks";

export function isAlreadyFinished(error: unknown): boolean {
  return error instanceof ApiError && error.code === "task_already_finished";
}

export function useStopTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) =>
      unwrap(api.DELETE("/api/tasks/{task_id}/", { params: { path: { task_id: taskId } } })),
    onSuccess: (task) => writeTaskToCache(queryClient, task),
    onError: (error, taskId) => {
      if (isAlreadyFinished(error)) refreshTask(queryClient, taskId);
    },
  });
}
