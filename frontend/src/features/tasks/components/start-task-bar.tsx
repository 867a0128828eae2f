import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass, linkButtonClass } from "@/components/button";
import field from "@/components/field.module.css";
import { plural } from "@/lib/format";
import { useTaskTypes } from "../api/get-task-types";
import { useStartTask } from "../api/start-task";
import styles from "./start-task-bar.module.css";

type StartTaskBarProps = { selectedIds: string[]; onClear: () => void; onStarted: () => void };

/** Appears while photos are selected: pick a task, optionally a minimum confidence, and run it. */
export function StartTaskBar({ selectedIds, onClear, onStarted }: StartTaskBarProps) {
  const taskTypes = useTaskTypes();
  const startTask = useStartTask();
  const [chosenType, setChosenType] = useState<string>();
  const [minConfidencePercent, setMinConfidencePercent] = useState("");
  const typeFieldId = useId();
  const confidenceFieldId = useId();

  const types = taskTypes.data ?? [];
  const taskType = chosenType ?? types[0]?.name;
  const description = types.find((type) => type.name === taskType)?.description;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!taskType) return;
    startTask.mutate(
      {
        taskType,
        imageIds: selectedIds,
        minConfidence: minConfidencePercent === "" ? undefined : Number(minConfidencePercent) / 100,
      },
      { onSuccess: onStarted },
    );
  };

  return (
    <form className={styles.bar} onSubmit={submit} aria-label="Run a task on the selected photos">
      <div className={styles.count}>
        <strong>{plural(selectedIds.length, "photo")} selected</strong>
        <button type="button" className={linkButtonClass} onClick={onClear}>
          Clear selection
        </button>
      </div>
      <div className={`${field.field} ${field.inline}`}>
        <label className={field.label} htmlFor={typeFieldId}>
          Task
        </label>
        <select
          id={typeFieldId}
          value={taskType ?? ""}
          onChange={(event) => setChosenType(event.target.value)}
          disabled={!types.length}
        >
          {types.map((type) => (
            <option key={type.name} value={type.name}>
              {type.name}
            </option>
          ))}
        </select>
      </div>
      <div className={`${field.field} ${field.inline}`}>
        <label className={field.label} htmlFor={confidenceFieldId}>
          Min. confidence %
        </label>
        <input
          id={confidenceFieldId}
          type="number"
          inputMode="numeric"
          min={1}
          max={99}
          step={1}
          placeholder="50"
          value={minConfidencePercent}
          onChange={(event) => setMinConfidencePercent(event.target.value)}
          className={styles.confidence}
        />
      </div>
      <button
        className={buttonClass({ variant: "primary", className: styles.run })}
        type="submit"
        disabled={!taskType || startTask.isPending}
      >
        {startTask.isPending ? "Starting…" : `Run ${taskType ?? "task"}`}
      </button>
      {description && <p className={`${styles.description} muted`}>{description}</p>}
      {taskTypes.isError && <Alert error={taskTypes.error} />}
      {startTask.isError && <Alert error={startTask.error} />}
    </form>
  );
}
