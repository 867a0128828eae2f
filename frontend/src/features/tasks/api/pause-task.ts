import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "@/lib/api-client";
import { refreshTask, writeTaskToCache } from "./get-tasks";

/** The task was not in a state the action applies to (it finished or is stopping meanwhile). */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

/** POSTs one of a task's controls (`pause`, `resume`) and puts the task it answers with into the cache. */
function useTaskControl(action: "pause" | "resume") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) =>
      unwrap(api.POST(`/api/tasks/{task_id}/${action}`, { params: { path: { task_id: taskId } } })),
    onSuccess: (task) => writeTaskToCache(queryClient, task),
    onError: (error, taskId) => {
      if (isConflict(error)) refreshTask(queryClient, taskId); // the card shows what the task became
    },
  });
}

/** Pauses a queued or running task: its photos done stay done, and nothing moves until it is resumed. */
export const usePauseTask = () => useTaskControl("pause");

/** Resumes a paused task where it stopped. */
export const useResumeTask = () => useTaskControl("resume");
