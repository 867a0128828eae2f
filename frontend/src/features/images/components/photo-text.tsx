import { useId } from "react";
import { formatConfidence } from "@/lib/format";
import type { TextLine } from "@/types/api";
import { linesText } from "../utils/text-lines";
import { CopyText } from "./copy-text";
import styles from "./photo-text.module.css";

type PhotoTextProps = {
  /** The lines read, in reading order. */
  lines: readonly TextLine[];
  /** The lines the search matched, marked in the list. */
  matched: ReadonlySet<string>;
  /** The lines whose boxes are drawn on the photo, by their place in `lines`. */
  highlighted: ReadonlySet<number>;
  /** A line is pointed at (hovered or focused), or none any more (null). */
  onPoint: (index: number | null) => void;
};

/** The text read in the photo, a line each: pointing at one shows where it is on the photo. */
export function PhotoText({ lines, matched, highlighted, onPoint }: PhotoTextProps) {
  const headingId = useId();
  const hintId = useId();
  if (lines.length === 0) return null;
  return (
    <div className={styles.text}>
      <div className={styles.head}>
        <h3
          id={headingId}
          className={styles.title}
          title={`By ${[...new Set(lines.map((line) => line.model))].join(", ")}`}
        >
          Text
        </h3>
        <CopyText text={linesText(lines)} />
      </div>
      <p id={hintId} className="visually-hidden">
        Focus a line to outline it on the photo.
      </p>
      <ol className={styles.lines} aria-labelledby={headingId} aria-describedby={hintId}>
        {lines.map((line, index) => (
          <li
            key={`${index}:${line.text}`}
            tabIndex={0}
            className={styles.line}
            data-highlighted={highlighted.has(index) || undefined}
            title={`Read with ${formatConfidence(line.confidence)} confidence`}
            onMouseEnter={() => onPoint(index)}
            onMouseLeave={() => onPoint(null)}
            onFocus={() => onPoint(index)}
            onBlur={() => onPoint(null)}
          >
            {matched.has(line.text) ? (
              <mark className={styles.match}>
                {line.text}
                <span className="visually-hidden"> (matches the search)</span>
              </mark>
            ) : (
              line.text
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
