import type { CSSProperties } from "react";
import type { LabelCounts } from "@/types/api";
import { labelColor } from "@/lib/label-color";
import styles from "./label-chips.module.css";

type LabelChipsProps = { labels: LabelCounts; size?: "small" };

export function LabelChips({ labels, size }: LabelChipsProps) {
  const entries = Object.entries(labels).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return null;
  return (
    <ul className={size === "small" ? `${styles.chips} ${styles.small}` : styles.chips} aria-label="Objects found">
      {entries.map(([label, count]) => (
        <li key={label} className={styles.chip} style={{ "--chip-color": labelColor(label) } as CSSProperties}>
          {label}
          {count > 1 && <span className={styles.count}>×{count}</span>}
        </li>
      ))}
    </ul>
  );
}
