import type { Task, TaskStatus } from "@/types/api";
import { isFinal } from "../api/get-tasks";
import styles from "./status-badge.module.css";

type TaskOutcome = Pick<Task, "status" | "failed">;

/**
 * How a task looks (its badge, bar and card): as its status, but a task that succeeded while some of its photos
 * failed is "partial", a warning rather than plain success.
 */
export function taskTone({ status, failed }: TaskOutcome): TaskStatus | "partial" {
  return status === "succeeded" && failed > 0 ? "partial" : status;
}

/** The words people use for a status: a task the user stopped was "stopped", not "cancelled" (the API's word). */
const STATUS_WORDS: Partial<Record<TaskStatus, string>> = { cancelling: "stopping", cancelled: "stopped" };

/** "running", "succeeded · 2 failed": a task that ended without failing as a whole says how many photos failed. */
export function statusText({ status, failed }: TaskOutcome): string {
  const word = STATUS_WORDS[status] ?? status;
  return isFinal(status) && status !== "failed" && failed > 0 ? `${word} · ${failed} failed` : word;
}

export function StatusBadge({ task }: { task: TaskOutcome }) {
  return (
    <span className={styles.status} data-tone={taskTone(task)} data-testid="task-status">
      <span className={styles.dot} aria-hidden="true" />
      {statusText(task)}
    </span>
  );
}
