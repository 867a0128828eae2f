import { useId } from "react";
import field from "@/components/field.module.css";
import { modelFacts } from "@/lib/model-names";
import type { DetectionModel } from "@/types/api";
import styles from "./model-select.module.css";

type ModelSelectProps = { models: DetectionModel[]; value: string; onChange: (name: string) => void };

/** "Herons (YOLO11) — 3 classes · yolov8 · 640×640", the default one marked as such: its whole title. */
export function modelOptionText(model: DetectionModel): string {
  return `${model.title} — ${modelFacts(model)}${model.is_default ? " (default)" : ""}`;
}

/**
 * Which detection model a task runs. With a single model there is nothing to choose, and nothing is shown: the
 * task runs the default model, as it always did.
 */
export function ModelSelect({ models, value, onChange }: ModelSelectProps) {
  const fieldId = useId();
  if (models.length < 2) return null;
  const chosen = models.find((model) => model.name === value);

  return (
    <div className={`${field.field} ${field.inline} ${styles.model}`}>
      <label className={`${field.label} visually-hidden-narrow`} htmlFor={fieldId}>
        Model
      </label>
      <select
        id={fieldId}
        className={styles.select}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        title={chosen ? modelOptionText(chosen) : undefined}
      >
        {models.map((model) => (
          <option key={model.name} value={model.name}>
            {modelOptionText(model)}
          </option>
        ))}
      </select>
    </div>
  );
}
