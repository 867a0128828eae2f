import type { TaskStatus } from "@/types/api";
import styles from "./status-badge.module.css";

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={styles.status} data-status={status} data-testid="task-status">
      <span className={styles.dot} aria-hidden="true" />
      {status}
    </span>
  );
}
