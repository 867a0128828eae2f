import { LabelChips } from "@/components/label-chips";
import { ProgressBar } from "@/components/progress-bar";
import { formatDuration, formatPercent, formatRate, formatTime } from "@/lib/format";
import { useModelTitle } from "@/lib/models";
import type { Task } from "@/types/api";
import { useSummaryKind, useTaskTitle } from "../api/get-task-types";
import { isFinal } from "../api/get-tasks";
import { useTaskLiveUpdates } from "../api/task-live-updates";
import { summaryText } from "../utils/summary-text";
import { taskSettings } from "../utils/task-settings";
import { RetryFailed } from "./retry-failed";
import { StatusBadge, taskTone } from "./status-badge";
import { TaskControls } from "./task-controls";
import { TaskFailures } from "./task-failures";
import styles from "./task-item.module.css";

type TaskItemProps = {
  task: Task;
  /** A new task was started for this one's failed photos. */
  onRetried?: (task: Task) => void;
};

export function TaskItem({ task, onRetried }: TaskItemProps) {
  const title = useTaskTitle(task.type);
  const summaryKind = useSummaryKind(task.type);
  const modelTitle = useModelTitle();
  useTaskLiveUpdates(task.id, !isFinal(task.status));

  const paused = task.status === "paused";
  const titleId = `task-${task.id}-title`;
  const showSpeed = !paused && task.images_per_second !== null && task.images_per_second > 0;
  const showEta = task.status === "running" && task.eta_seconds !== null;
  const hasSummary = Object.keys(task.summary).length > 0;
  const settings = taskSettings(task.options);
  const summary = summaryText(summaryKind, task.summary, settings.minConfidence);
  const tone = taskTone(task);

  return (
    <li className={styles.task} data-tone={tone} aria-labelledby={titleId}>
      <div className={styles.head}>
        <h3 id={titleId} className={styles.title}>
          {title}
        </h3>
        <StatusBadge task={task} />
        <time className={`${styles.time} muted`} dateTime={task.created_at}>
          {formatTime(task.created_at)}
        </time>
      </div>

      <ProgressBar value={task.progress} label={`${title} progress`} tone={tone} />

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
        {showSpeed && (
          <div>
            <dt>Speed</dt>
            <dd>{formatRate(task.images_per_second ?? 0)}</dd>
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
        {summaryKind === "objects" && (
          <div>
            <dt>Min. confidence</dt>
            <dd>{formatPercent(settings.minConfidence)}</dd>
          </div>
        )}
        {settings.classes && (
          <div>
            <dt>Classes</dt>
            <dd>{settings.classes.join(", ")}</dd>
          </div>
        )}
        {settings.thorough && (
          <div>
            <dt>Mode</dt>
            <dd>Thorough</dd>
          </div>
        )}
        <div>
          <dt>Model</dt>
          <dd className={styles.model}>{modelTitle(task.model)}</dd>
        </div>
      </dl>

      {paused && <p className={`muted ${styles.note}`}>Paused. Resume to go on with the photos not done yet.</p>}
      {hasSummary && summaryKind !== "text" ? (
        <div className={styles.summary}>
          <p className={`muted ${styles.note}`}>{summary}</p>
          <LabelChips labels={task.summary} size="small" />
        </div>
      ) : (
        (hasSummary || isFinal(task.status)) && <p className={`muted ${styles.note}`}>{summary}</p>
      )}
      {task.error && <p className={styles.error}>{task.error}</p>}

      <TaskFailures task={task} />
      <RetryFailed task={task} onRetried={onRetried} />
      <TaskControls task={task} title={title} />
    </li>
  );
}
