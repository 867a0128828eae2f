import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, parseJson } from "@/lib/api-client";
import type { Task } from "@/types/api";
import { getTask, isFinal, writeTaskToCache } from "./get-tasks";

const POLL_INTERVAL_MS = 1000;

/**
 * Follows a task that is not finished yet: server-sent events first, and if the stream breaks,
 * quiet polling once a second. Every update goes into the query cache (the panel notices the end there).
 */
export function useTaskLiveUpdates(taskId: string, active: boolean) {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!active) return;
    let done = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    const events = new EventSource(`/api/tasks/${taskId}/events`);

    const stop = () => {
      done = true;
      events.close();
      clearTimeout(pollTimer);
    };

    const receive = (task: Task) => {
      writeTaskToCache(queryClient, task);
      if (isFinal(task.status)) stop();
    };

    const poll = async () => {
      try {
        receive(await getTask(taskId));
      } catch (error) {
        const taskIsGone = error instanceof ApiError && error.status >= 400 && error.status < 500;
        if (taskIsGone) stop();
      }
      if (!done) pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
    };

    events.addEventListener("progress", (event) => {
      const task = parseJson((event as MessageEvent<string>).data) as Task | null;
      if (task) receive(task);
    });
    events.onerror = () => {
      events.close();
      if (!done) void poll();
    };

    return stop;
  }, [taskId, active, queryClient]);
}
