import { useEffect } from "react";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { ApiError, parseJson } from "@/lib/api-client";
import { endSession, isSessionExpired } from "@/lib/query-client";
import type { Task } from "@/types/api";
import { getTask, isFinal, writeTaskToCache } from "./get-tasks";

const POLL_INTERVAL_MS = 1000;

/**
 * Follows one task: server-sent events first, and if the stream breaks, quiet polling once a second.
 * Every update goes into the query cache. Returns a function that stops following.
 * The events come through EventSource: the typed client reads no event stream.
 */
function followTask(queryClient: QueryClient, taskId: string): () => void {
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
      if (isSessionExpired(error)) endSession(queryClient);
      const taskIsGone = error instanceof ApiError && error.status >= 400 && error.status < 500;
      if (taskIsGone) stop();
    }
    if (!done) pollTimer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
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
}

type Follower = { users: number; stop: () => void };
const followers = new WeakMap<QueryClient, Map<string, Follower>>();

/** One stream per task however many components show it (the task panel and the started-task strip). */
function shareFollower(queryClient: QueryClient, taskId: string): () => void {
  let byTask = followers.get(queryClient);
  if (!byTask) followers.set(queryClient, (byTask = new Map<string, Follower>()));
  const follower = byTask.get(taskId) ?? { users: 0, stop: followTask(queryClient, taskId) };
  follower.users += 1;
  byTask.set(taskId, follower);
  return () => {
    follower.users -= 1;
    if (follower.users > 0) return;
    follower.stop();
    byTask.delete(taskId);
  };
}

/** Keeps a task that is not finished yet up to date in the query cache (the panel notices the end there). */
export function useTaskLiveUpdates(taskId: string, active: boolean) {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!active) return;
    return shareFollower(queryClient, taskId);
  }, [taskId, active, queryClient]);
}
