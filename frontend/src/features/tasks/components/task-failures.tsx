import { useId, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/alert";
import { linkButtonClass } from "@/components/button";
import { cachedFilenames } from "@/lib/image-cache";
import type { Task } from "@/types/api";
import { MOST_FAILURES_LISTED, useTaskFailures } from "../api/get-task-failures";
import styles from "./task-failures.module.css";

/**
 * Which photos of a task failed, and why, behind a disclosure: opening it reads the task's results. A photo
 * is named by its file name where the gallery has already loaded it, else by its id.
 */
export function TaskFailures({ task }: { task: Task }) {
  const [open, setOpen] = useState(false);
  const failures = useTaskFailures(task.id, task.failed, open);
  const queryClient = useQueryClient();
  const listId = useId();
  if (task.failed === 0) return null;

  const names = failures.data ? cachedFilenames(queryClient) : new Map<string, string>();
  const left = task.failed - (failures.data?.length ?? 0);

  return (
    <div className={styles.failures}>
      <button
        type="button"
        className={`${linkButtonClass} ${styles.toggle}`}
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
      >
        {open ? "Hide failed photos" : "Show failed photos"}
      </button>
      {open && (
        <div id={listId} className={styles.body}>
          {failures.isPending && <p className="muted">Loading the failed photos…</p>}
          {failures.isError && <Alert error={failures.error} />}
          {failures.data && failures.data.length === 0 && (
            <p className="muted">The failed photos are no longer listed.</p>
          )}
          {failures.data && failures.data.length > 0 && (
            <ul className={styles.list} aria-label="Failed photos">
              {failures.data.map(({ imageId, error }) => (
                <li key={imageId}>
                  <span className={names.has(imageId) ? styles.name : `${styles.name} ${styles.id}`}>
                    {names.get(imageId) ?? imageId}
                  </span>
                  <span className={styles.reason}>{error ?? "No reason was recorded."}</span>
                </li>
              ))}
            </ul>
          )}
          {failures.data && failures.data.length >= MOST_FAILURES_LISTED && left > 0 && (
            <p className="muted">…and {left} more.</p>
          )}
        </div>
      )}
    </div>
  );
}
