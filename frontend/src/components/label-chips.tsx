import type { CSSProperties } from "react";
import type { LabelCounts } from "@/types/api";
import { labelColor } from "@/lib/label-color";

type LabelChipsProps = { labels: LabelCounts; className?: string };

export function LabelChips({ labels, className = "" }: LabelChipsProps) {
  const entries = Object.entries(labels).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return null;
  return (
    <ul className={`chips ${className}`} aria-label="Objects found">
      {entries.map(([label, count]) => (
        <li key={label} className="chip" style={{ "--chip-color": labelColor(label) } as CSSProperties}>
          {label}
          {count > 1 && <span className="chip__count">×{count}</span>}
        </li>
      ))}
    </ul>
  );
}
