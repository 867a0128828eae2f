import { useEffect, useRef } from "react";
import type { Task } from "@/types/api";
import { isFinal } from "./get-tasks";

/**
 * Calls `onFinished` once for every task that finishes while the panel is open: one the live updates
 * saw end, and also one that was already finished when it first showed up (a task over photos with
 * cached results can end before the list is fetched again). Tasks finished before the first load are
 * history, not news.
 */
export function useFinishedTasks(tasks: Task[] | undefined, onFinished?: (task: Task) => void) {
  // Whether each task was final when last seen; null until the first list arrives.
  const finishedWhenSeen = useRef<Map<string, boolean> | null>(null);

  useEffect(() => {
    if (!tasks) return;
    const firstLoad = finishedWhenSeen.current === null;
    const seen = (finishedWhenSeen.current ??= new Map());
    for (const task of tasks) {
      const finished = isFinal(task.status);
      if (!firstLoad && finished && seen.get(task.id) !== true) onFinished?.(task);
      seen.set(task.id, finished);
    }
  }, [tasks, onFinished]);
}
