import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { TaskResult } from "@/types/api";

/** The most results one request may ask for (the API's `max_page_size`). */
const LARGEST_PAGE = 200;
/** A card lists this many failures at most; a task with more says how many it leaves out. */
export const MOST_FAILURES_LISTED = 100;

export type TaskFailure = { imageId: string; error: string | null };

/**
 * The photos of a task that failed, with their reasons, in the task's order: its results are read a large
 * page at a time (the API cannot filter them), until `expected` failures or MOST_FAILURES_LISTED are found.
 */
export async function getTaskFailures(taskId: string, expected: number): Promise<TaskFailure[]> {
  const wanted = Math.min(expected, MOST_FAILURES_LISTED);
  const failures: TaskFailure[] = [];
  for (let page = 1; failures.length < wanted; page += 1) {
    const answer = await unwrap(
      api.GET("/api/tasks/{task_id}/results", {
        params: { path: { task_id: taskId }, query: { page, page_size: LARGEST_PAGE } },
      }),
    );
    failures.push(
      ...answer.results.filter(isFailed).map((result) => ({ imageId: result.image_id, error: result.error ?? null })),
    );
    if (!answer.next || answer.results.length === 0) break;
  }
  return failures.slice(0, MOST_FAILURES_LISTED);
}

function isFailed(result: TaskResult): boolean {
  return result.status === "failed";
}

/** Loads only while `enabled` (the list is open); a task that fails more photos is read again. */
export function useTaskFailures(taskId: string, failed: number, enabled: boolean) {
  return useQuery({
    queryKey: ["tasks", "failures", taskId, failed],
    queryFn: () => getTaskFailures(taskId, failed),
    enabled,
    placeholderData: keepPreviousData,
  });
}
