import type { CSSProperties } from "react";
import { formatPercent } from "@/lib/format";
import { labelColor } from "@/lib/label-color";
import { useModelTitle } from "@/lib/models";
import type { Detection } from "@/types/api";
import type { ModelSeries } from "../utils/model-series";
import styles from "./model-comparison.module.css";

type ModelComparisonProps = {
  /** The compared models, in their colours. */
  series: ModelSeries[];
  /** The classes either model found, in the order to list them. */
  labels: string[];
  /** Their detections at the minimum confidence. */
  detections: Detection[];
  minConfidence: number;
  hiddenLabels: ReadonlySet<string>;
};

/**
 * How many objects of each class each compared model found at the minimum confidence, side by side, under the
 * models' titles.
 */
export function ModelComparison({ series, labels, detections, minConfidence, hiddenLabels }: ModelComparisonProps) {
  const title = useModelTitle();
  const count = (model: string, label?: string) =>
    detections.filter((detection) => detection.model === model && (label === undefined || detection.label === label))
      .length;

  return (
    <table className={styles.table}>
      <caption>Found per class at ≥ {formatPercent(minConfidence)}</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          {series.map(({ model, color }) => (
            <th key={model} scope="col" style={{ "--series-color": color } as CSSProperties}>
              <span className={styles.model}>
                <span className={styles.swatch} aria-hidden="true" />
                <span className={styles.name}>{title(model)}</span>
              </span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label) => (
          <tr key={label} data-hidden={hiddenLabels.has(label) || undefined}>
            <th scope="row" style={{ "--series-color": labelColor(label) } as CSSProperties}>
              <span className={styles.swatch} aria-hidden="true" />
              {label}
            </th>
            {series.map(({ model }) => (
              <td key={model}>{count(model, label)}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All</th>
          {series.map(({ model }) => (
            <td key={model}>{count(model)}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
