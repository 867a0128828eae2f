import { buttonClass } from "@/components/button";
import { plural } from "@/lib/format";
import type { Task } from "@/types/api";
import { isFinal } from "../api/get-tasks";
import { useRetryTask } from "../api/retry-task";
import { ControlError } from "./control-error";
import styles from "./retry-failed.module.css";

type RetryFailedProps = {
  task: Task;
  /** The new task started for the failed photos; it shows at the top of the task list. */
  onRetried?: (task: Task) => void;
};

/** A finished task with failed photos offers to run them again, as a new task with the same settings. */
export function RetryFailed({ task, onRetried }: RetryFailedProps) {
  const retry = useRetryTask();
  if (!isFinal(task.status) || task.failed === 0) return null;

  return (
    <div className={styles.retry}>
      {retry.isSuccess ? (
        <p className={`muted ${styles.note}`} role="status">
          A new task at the top of the list is trying them again.
        </p>
      ) : (
        <button
          type="button"
          className={buttonClass({ size: "small" })}
          onClick={() => retry.mutate(task.id, { onSuccess: onRetried })}
          disabled={retry.isPending}
        >
          {retry.isPending ? "Retrying…" : `Retry ${plural(task.failed, "failed photo")}`}
        </button>
      )}
      {retry.isError && <ControlError error={retry.error} />}
    </div>
  );
}
