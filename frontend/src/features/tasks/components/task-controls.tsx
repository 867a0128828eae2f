import { useState } from "react";
import { buttonClass } from "@/components/button";
import type { Task } from "@/types/api";
import { usePauseTask, useResumeTask } from "../api/pause-task";
import { useStopTask } from "../api/stop-task";
import { ControlError } from "./control-error";
import styles from "./task-controls.module.css";

type Action = "pause" | "resume" | "stop";

const CONFLICT_TEXT: Record<Action, string> = {
  pause: "This task can no longer be paused: it has finished or is stopping.",
  resume: "This task can no longer be resumed: it has finished or is stopping.",
  stop: "This task had already finished, so there was nothing to stop.",
};

type TaskControlsProps = {
  task: Task;
  /** The task's name for people, which names each button for assistive technology ("Pause Find objects"). */
  title: string;
  className?: string;
};

/**
 * Pause and Stop while a task is queued or running, Resume and Stop while it is paused, nothing once it is
 * stopping or finished. Each button waits for its own answer; the task it answers with goes to every card.
 */
export function TaskControls({ task, title, className }: TaskControlsProps) {
  const mutations = { pause: usePauseTask(), resume: useResumeTask(), stop: useStopTask() };
  const [lastAction, setLastAction] = useState<Action>();

  const canPause = task.status === "queued" || task.status === "running";
  const canResume = task.status === "paused";
  const failed = lastAction && mutations[lastAction].isError ? lastAction : undefined;
  if (!canPause && !canResume && !failed) return null;

  const control = (action: Action, label: string, pendingLabel: string, variant?: "primary" | "danger") => {
    const mutation = mutations[action];
    return (
      <button
        type="button"
        className={buttonClass({ variant, size: "small" })}
        onClick={() => {
          setLastAction(action);
          mutation.mutate(task.id);
        }}
        disabled={mutation.isPending}
        aria-label={`${label} ${title}`}
      >
        {mutation.isPending ? pendingLabel : label}
      </button>
    );
  };

  return (
    <div className={className ? `${styles.controls} ${className}` : styles.controls}>
      {(canPause || canResume) && (
        <div className={styles.buttons}>
          {canPause && control("pause", "Pause", "Pausing…")}
          {canResume && control("resume", "Resume", "Resuming…", "primary")}
          {control("stop", "Stop", "Stopping…", "danger")}
        </div>
      )}
      {failed && <ControlError error={mutations[failed].error} conflictText={CONFLICT_TEXT[failed]} />}
    </div>
  );
}
