import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Task, TaskPage, TaskStatus } from "@/types/api";

const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(["succeeded", "failed", "cancelled"]);
const TASK_LIST_REFRESH_MS = 15_000;

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.has(status);
}

export function getTask(taskId: string): Promise<Task> {
  return apiRequest<Task>(`/api/tasks/${taskId}/`);
}

export function useTasks(page: number) {
  return useQuery({
    queryKey: ["tasks", "list", page],
    queryFn: () => apiRequest<TaskPage>("/api/tasks/", { query: { page } }),
    placeholderData: keepPreviousData,
    refetchInterval: TASK_LIST_REFRESH_MS,
  });
}

/** Puts a fresher copy of a task into every cached task list; a finished task never goes back. */
export function writeTaskToCache(queryClient: QueryClient, task: Task) {
  queryClient.setQueriesData<TaskPage>({ queryKey: ["tasks", "list"] }, (page) => {
    if (!page) return page;
    return {
      ...page,
      results: page.results.map((cached) =>
        cached.id === task.id && !(isFinal(cached.status) && !isFinal(task.status)) ? task : cached,
      ),
    };
  });
}
