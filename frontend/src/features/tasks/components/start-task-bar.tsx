import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { Alert } from "@/components/alert";
import { buttonClass, linkButtonClass } from "@/components/button";
import field from "@/components/field.module.css";
import { plural, TASK_CONFIDENCE_HINT } from "@/lib/format";
import { defaultModel, useModels } from "@/lib/models";
import type { Task } from "@/types/api";
import { useTaskTypes } from "../api/get-task-types";
import { useStartTask } from "../api/start-task";
import { runTaskText } from "../utils/run-task-text";
import { ModelSelect } from "./model-select";
import { ThoroughToggle } from "./thorough-toggle";
import styles from "./start-task-bar.module.css";

type StartTaskBarProps = {
  selectedIds: string[];
  /** How many of them are someone else's (seen through a shared album): a task runs on your own photos only. */
  othersSelected?: number;
  onClear: () => void;
  onStarted: (task: Task) => void;
};

/** The bar's height, kept up to date, so that the page can leave room for it. */
function useHeight<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setHeight(element.getBoundingClientRect().height);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, height };
}

/**
 * Appears while photos are selected: pick a task, optionally a model, a minimum confidence and (for a task that finds
 * objects) the thorough mode, and run it. It floats over the bottom of the page, and a spacer as tall as the bar
 * keeps the end of the page above it: at the end of the page's body, wherever the bar itself comes in the page's
 * order (before the photos, for the keyboard to reach it first).
 */
export function StartTaskBar({ selectedIds, othersSelected = 0, onClear, onStarted }: StartTaskBarProps) {
  const taskTypes = useTaskTypes();
  const models = useModels();
  const startTask = useStartTask();
  const [chosenType, setChosenType] = useState<string>();
  const [chosenModel, setChosenModel] = useState<string>();
  const [minConfidencePercent, setMinConfidencePercent] = useState("");
  const [thorough, setThorough] = useState(false);
  const typeFieldId = useId();
  const confidenceFieldId = useId();
  const confidenceHintId = useId();
  const descriptionId = useId();
  const percentId = useId();
  const optionsId = useId();
  const othersNoteId = useId();
  // On a phone the options fold away behind a toggle, so that the bar is the count and the button that runs.
  const [optionsOpen, setOptionsOpen] = useState(false);
  const { ref: barRef, height: barHeight } = useHeight<HTMLFormElement>();

  const types = taskTypes.data ?? [];
  const taskType = types.find((type) => type.name === chosenType) ?? types[0];
  const modelList = models.data ?? [];
  const standardModel = defaultModel(modelList);
  const model = modelList.find((candidate) => candidate.name === chosenModel) ?? standardModel;
  // A task that finds no objects (tagging only) runs no detection model, and takes none of the detection options:
  // no model, minimum confidence or mode (the API refuses them).
  const detects = taskType?.detects !== false;
  const thoroughTiles = detects ? (taskType?.thorough_tiles ?? null) : null;
  const count = plural(selectedIds.length, "photo");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!taskType) return;
    startTask.mutate(
      {
        taskType: taskType.name,
        imageIds: selectedIds,
        minConfidence: detects && minConfidencePercent !== "" ? Number(minConfidencePercent) / 100 : undefined,
        // The default model is what the API runs anyway; only another one is named.
        model: detects && model && model !== standardModel ? model.name : undefined,
        // Fast is the API's default: only thorough is asked for.
        mode: thorough && thoroughTiles !== null ? "thorough" : undefined,
      },
      { onSuccess: onStarted },
    );
  };

  return (
    <>
      {createPortal(<div className={styles.spacer} style={{ height: barHeight }} aria-hidden="true" />, document.body)}
      <form ref={barRef} className={styles.bar} onSubmit={submit} aria-label="Run a task on the selected photos">
        <div className={styles.count}>
          <strong>{count} selected</strong>
          <button type="button" className={linkButtonClass} onClick={onClear} aria-label="Clear selection">
            Clear
          </button>
        </div>
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small", className: styles.optionsToggle })}
          aria-expanded={optionsOpen}
          aria-controls={optionsId}
          onClick={() => setOptionsOpen((open) => !open)}
        >
          Options
        </button>
        <div id={optionsId} className={styles.options} data-open={optionsOpen || undefined}>
          <div className={`${field.field} ${field.inline}`}>
            <label className={`${field.label} visually-hidden-narrow`} htmlFor={typeFieldId}>
              Task
            </label>
            <select
              id={typeFieldId}
              value={taskType?.name ?? ""}
              onChange={(event) => setChosenType(event.target.value)}
              disabled={!types.length}
              title={taskType?.description}
              aria-describedby={taskType ? descriptionId : undefined}
            >
              {types.map((type) => (
                <option key={type.name} value={type.name}>
                  {type.title}
                </option>
              ))}
            </select>
            {taskType && (
              <span id={descriptionId} className="visually-hidden">
                {taskType.description}
              </span>
            )}
          </div>
          {detects && <ModelSelect models={modelList} value={model?.name ?? ""} onChange={setChosenModel} />}
          {detects && (
            <div className={`${field.field} ${field.inline}`}>
              <label className={field.label} htmlFor={confidenceFieldId} title={TASK_CONFIDENCE_HINT}>
                Min. confidence
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
                aria-describedby={`${percentId} ${confidenceHintId}`}
              />
              <span id={percentId} className={field.label}>
                %
              </span>
              <span id={confidenceHintId} className="visually-hidden">
                {TASK_CONFIDENCE_HINT}
              </span>
            </div>
          )}
          {thoroughTiles !== null && <ThoroughToggle tiles={thoroughTiles} checked={thorough} onChange={setThorough} />}
        </div>
        <button
          className={buttonClass({ variant: "primary", className: styles.run })}
          type="submit"
          disabled={!taskType || startTask.isPending || othersSelected > 0}
          aria-describedby={othersSelected > 0 ? othersNoteId : undefined}
        >
          {startTask.isPending ? "Starting…" : runTaskText(taskType?.title ?? "Run", selectedIds.length)}
        </button>
        {othersSelected > 0 && (
          <p id={othersNoteId} className={styles.others}>
            {othersSelected === selectedIds.length
              ? `${selectedIds.length === 1 ? "This photo is" : "These photos are"} someone else’s: tasks run on your own photos only.`
              : `${othersSelected} of them ${othersSelected === 1 ? "is" : "are"} someone else’s: tasks run on your own photos only.`}
          </p>
        )}
        {taskTypes.isError && <Alert error={taskTypes.error} />}
        {models.isError && <Alert error={models.error} />}
        {startTask.isError && <Alert error={startTask.error} />}
      </form>
    </>
  );
}
