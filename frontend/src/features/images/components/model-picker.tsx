import type { CSSProperties } from "react";
import { useModelTitle } from "@/lib/models";
import type { ModelSeries } from "../utils/model-series";
import styles from "./model-picker.module.css";

type ModelPickerProps = {
  /** The models that have examined the photo (two or more). */
  models: string[];
  model: string;
  /** The model compared with `model`; undefined: none. */
  compared: string | undefined;
  /** How each shown model is drawn, for the legend. */
  series: ModelSeries[];
  onModelChange: (model: string) => void;
  onCompareChange: (model: string | undefined) => void;
};

/**
 * Whose boxes the photo shows: one model's, or two compared, with a legend of how each is drawn. Models are
 * shown by their titles.
 */
export function ModelPicker({ models, model, compared, series, onModelChange, onCompareChange }: ModelPickerProps) {
  const title = useModelTitle();
  const others = models.filter((name) => name !== model);

  return (
    <div className={styles.picker}>
      <label className={styles.field}>
        <span>Model</span>
        <select value={model} onChange={(event) => onModelChange(event.target.value)}>
          {models.map((name) => (
            <option key={name} value={name}>
              {title(name)}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        <span>Compare with</span>
        <select value={compared ?? ""} onChange={(event) => onCompareChange(event.target.value || undefined)}>
          <option value="">None</option>
          {others.map((name) => (
            <option key={name} value={name}>
              {title(name)}
            </option>
          ))}
        </select>
      </label>
      {compared !== undefined && (
        <ul className={styles.legend} aria-label="Legend">
          {series.map(({ model: name, color, dashed }) => (
            <li key={name} style={{ "--series-color": color } as CSSProperties}>
              <span className={styles.line} data-dashed={dashed || undefined} aria-hidden="true" />
              <span className={styles.name}>{title(name)}</span>
              <span className="visually-hidden">{dashed ? ", dashed boxes" : ", solid boxes"}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
