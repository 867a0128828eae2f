import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { LabelChips } from "@/components/label-chips";
import { ProgressBar } from "@/components/progress-bar";
import { formatDuration, formatPercent, formatRate, formatTime } from "@/lib/format";
import type { Task } from "@/types/api";
import { useTaskTitle } from "../api/get-task-types";
import { isFinal } from "../api/get-tasks";
import { isAlreadyFinished, useStopTask } from "../api/stop-task";
import { useTaskLiveUpdates } from "../api/task-live-updates";
import { taskSettings } from "../utils/task-settings";
import { StatusBadge } from "./status-badge";
import styles from "./task-item.module.css";

type TaskItemProps = { task: Task };

export function TaskItem({ task }: TaskItemProps) {
  const stopTask = useStopTask();
  const title = useTaskTitle(task.type);
  useTaskLiveUpdates(task.id, !isFinal(task.status));

  const canStop = task.status === "queued" || task.status === "running";
  const titleId = `task-${task.id}-title`;
  const showEta = task.status === "running" && task.eta_seconds !== null;
  const hasSummary = Object.keys(task.summary).length > 0;
  const settings = taskSettings(task.options);

  return (
    <li className={styles.task} data-status={task.status} aria-labelledby={titleId}>
      <div className={styles.head}>
        <h3 id={titleId} className={styles.title}>
          {title}
        </h3>
        <StatusBadge status={task.status} />
        <time className={`${styles.time} muted`} dateTime={task.created_at}>
          {formatTime(task.created_at)}
        </time>
      </div>

      <ProgressBar value={task.progress} label={`${title} progress`} tone={task.status} />

      <dl className={styles.stats}>
        <div>
          <dt>Processed</dt>
          <dd>
            {task.processed} / {task.total}
          </dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className={task.failed > 0 ? styles.failed : undefined}>{task.failed}</dd>
        </div>
        {task.images_per_second !== null && task.images_per_second > 0 && (
          <div>
            <dt>Speed</dt>
            <dd>{formatRate(task.images_per_second)}</dd>
          </div>
        )}
        {showEta && (
          <div>
            <dt>Time left</dt>
            <dd>{formatDuration(task.eta_seconds ?? 0)}</dd>
          </div>
        )}
      </dl>

      <dl className={styles.settings}>
        <div>
          <dt>Min. confidence</dt>
          <dd>{formatPercent(settings.minConfidence)}</dd>
        </div>
        {settings.classes && (
          <div>
            <dt>Classes</dt>
            <dd>{settings.classes.join(", ")}</dd>
          </div>
        )}
        <div>
          <dt>Model</dt>
          <dd className={styles.model}>{task.model}</dd>
        </div>
      </dl>

      {hasSummary ? (
        <LabelChips labels={task.summary} size="small" />
      ) : (
        isFinal(task.status) && (
          <p className={`muted ${styles.note}`}>Nothing found at {formatPercent(settings.minConfidence)} or more.</p>
        )
      )}
      {task.error && <p className={styles.error}>{task.error}</p>}

      {canStop && (
        <button
          type="button"
          className={buttonClass({ variant: "danger", size: "small", className: styles.stop })}
          onClick={() => stopTask.mutate(task.id)}
          disabled={stopTask.isPending}
          aria-label={`Stop ${title}`}
        >
          {stopTask.isPending ? "Stopping…" : "Stop"}
        </button>
      )}
      {stopTask.isError &&
        (isAlreadyFinished(stopTask.error) ? (
          <p className={`muted ${styles.note}`} role="status">
            This task had already finished, so there was nothing to stop.
          </p>
        ) : (
          <Alert error={stopTask.error} />
        ))}
    </li>
  );
}
