import { useEffect, useRef } from "react";
import type { Task } from "@/types/api";
import { isFinal } from "./get-tasks";

interface Seen {
  finishedWhenSeen: Map<string, boolean>; // whether each task was final when last seen
  newestAtFirstLoad: number; // created_at of the newest task in the first list (ms)
}

/**
 * Calls `onFinished` once for each task seen to finish while the panel is open: one the list showed
 * unfinished and then finished, and one that was already finished when it first showed up if it is
 * newer than everything in the first list (a task over photos with cached results can end before the
 * list is fetched again). Tasks finished before the first load, on any page, are history, not news;
 * so is a task on a page not yet opened that finished meanwhile.
 */
export function useFinishedTasks(tasks: Task[] | undefined, onFinished?: (task: Task) => void) {
  const seen = useRef<Seen | null>(null);

  useEffect(() => {
    if (!tasks) return;
    if (seen.current === null) {
      seen.current = {
        finishedWhenSeen: new Map(tasks.map((task) => [task.id, isFinal(task.status)])),
        newestAtFirstLoad: Math.max(-Infinity, ...tasks.map((task) => Date.parse(task.created_at))),
      };
      return;
    }
    const { finishedWhenSeen, newestAtFirstLoad } = seen.current;
    for (const task of tasks) {
      const finished = isFinal(task.status);
      const before = finishedWhenSeen.get(task.id);
      const news = before === undefined ? Date.parse(task.created_at) > newestAtFirstLoad : !before;
      if (finished && news) onFinished?.(task);
      finishedWhenSeen.set(task.id, finished);
    }
  }, [tasks, onFinished]);
}
