import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { Task, TaskPage, TaskStatus } from "@/types/api";

const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(["succeeded", "failed", "cancelled"]);
const TASK_LIST_REFRESH_MS = 15_000;
/** The tasks a page of the panel lists, asked for by name so that the pages can be counted. */
export const TASK_PAGE_SIZE = 50;

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.has(status);
}

export function getTask(taskId: string): Promise<Task> {
  return unwrap(api.GET("/api/tasks/{task_id}/", { params: { path: { task_id: taskId } } }));
}

export function taskQueryKey(taskId: string) {
  return ["tasks", "detail", taskId] as const;
}

export function useTasks(page: number) {
  return useQuery({
    queryKey: ["tasks", "list", page],
    queryFn: () => unwrap(api.GET("/api/tasks/", { params: { query: { page, page_size: TASK_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    refetchInterval: TASK_LIST_REFRESH_MS,
  });
}

/** One task, starting from a copy already at hand (e.g. the answer that started it); live updates refresh it. */
export function useTask(initial: Task) {
  return useQuery({
    queryKey: taskQueryKey(initial.id),
    queryFn: () => getTask(initial.id),
    initialData: initial,
    staleTime: Infinity,
  });
}

function fresher(cached: Task, task: Task): Task {
  return isFinal(cached.status) && !isFinal(task.status) ? cached : task;
}

/** Puts a fresher copy of a task into every cached copy of it; a finished task never goes back. */
export function writeTaskToCache(queryClient: QueryClient, task: Task) {
  queryClient.setQueriesData<TaskPage>({ queryKey: ["tasks", "list"] }, (page) => {
    if (!page) return page;
    return { ...page, results: page.results.map((cached) => (cached.id === task.id ? fresher(cached, task) : cached)) };
  });
  if (queryClient.getQueryData(taskQueryKey(task.id)) !== undefined) {
    queryClient.setQueryData<Task>(taskQueryKey(task.id), (cached) => (cached ? fresher(cached, task) : task));
  }
}

/** Asks the server again for a task, wherever it is shown (its card in the list, the started-task strip). */
export function refreshTask(queryClient: QueryClient, taskId: string) {
  void queryClient.invalidateQueries({ queryKey: ["tasks", "list"] });
  void queryClient.invalidateQueries({ queryKey: taskQueryKey(taskId) });
}
