import { buttonClass, linkButtonClass } from "@/components/button";
import { ProgressBar } from "@/components/progress-bar";
import { plural } from "@/lib/format";
import type { Task } from "@/types/api";
import { useTaskTitle } from "../api/get-task-types";
import { isFinal, useTask } from "../api/get-tasks";
import { useTaskLiveUpdates } from "../api/task-live-updates";
import { StatusBadge, taskTone } from "./status-badge";
import { TaskControls } from "./task-controls";
import styles from "./task-strip.module.css";

type TaskStripProps = {
  /** The task as the answer that started it gave it; the strip follows it live from there. */
  task: Task;
  /** Brings the task panel into view. */
  onShowTasks: () => void;
  onDismiss: () => void;
};

/**
 * A strip pinned under the top bar that shows the task just started, with its live bar, its controls
 * (pause, resume, stop) and the way to the task panel; on a phone the panel is far below the photos. Wide screens have the panel beside the
 * gallery and hide the strip.
 */
export function TaskStrip({ task: started, onShowTasks, onDismiss }: TaskStripProps) {
  const task = useTask(started).data;
  const title = useTaskTitle(task.type);
  useTaskLiveUpdates(task.id, !isFinal(task.status));

  return (
    <section className={styles.strip} aria-label="Started task">
      <div className={styles.head}>
        <strong className={styles.title}>
          {title} · {plural(task.total, "photo")}
        </strong>
        <StatusBadge task={task} />
      </div>
      <ProgressBar value={task.progress} label={`${title} progress`} tone={taskTone(task)} className={styles.bar} />
      <TaskControls task={task} title={title} />
      <div className={styles.end}>
        <button type="button" className={linkButtonClass} onClick={onShowTasks}>
          Show tasks
        </button>
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={onDismiss}
          aria-label="Hide this strip"
        >
          ✕
        </button>
      </div>
    </section>
  );
}
