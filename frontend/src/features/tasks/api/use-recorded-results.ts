import { useEffect, useRef } from "react";
import type { Task } from "@/types/api";
import { isFinal } from "./get-tasks";

/**
 * Calls `onRecorded` each time a running task's `processed` count grows: the photos it counts have their results
 * stored, with the count, batch by batch. The end of a task is `useFinishedTasks`'s to report.
 */
export function useRecordedResults(tasks: Task[] | undefined, onRecorded?: (task: Task) => void) {
  const processed = useRef(new Map<string, number>());

  useEffect(() => {
    for (const task of tasks ?? []) {
      const before = processed.current.get(task.id);
      if (before !== undefined && task.processed > before && !isFinal(task.status)) onRecorded?.(task);
      processed.current.set(task.id, task.processed);
    }
  }, [tasks, onRecorded]);
}
