import { useId, useState } from "react";
import { linkButtonClass } from "@/components/button";
import { parseDay } from "../hooks/use-gallery-filters";
import { isReversedRange } from "../utils/date-range";
import styles from "./date-range-filter.module.css";

export type DateRange = { takenAfter: string | null; takenBefore: string | null };

type DateRangeFilterProps = DateRange & { onChange: (change: Partial<DateRange>) => void };

/**
 * "Taken from [date] to [date]": both ends included, either may be left open. A day takes effect as soon as
 * the field holds a whole one; a field emptied (or half typed) leaves that end open. A range typed the wrong way
 * round stays in the fields, said to be reversed, and is not searched for until one of its days changes.
 */
export function DateRangeFilter({ takenAfter, takenBefore, onChange }: DateRangeFilterProps) {
  const [reversed, setReversed] = useState<DateRange | null>(null);
  const problemId = useId();
  const shown = reversed ?? { takenAfter, takenBefore };

  const change = (end: Partial<DateRange>) => {
    const range = { ...shown, ...end };
    if (isReversedRange(range.takenAfter, range.takenBefore)) {
      setReversed(range);
      return;
    }
    setReversed(null);
    // After a reversed range, both ends differ from the range searched for.
    onChange(reversed ? range : end);
  };

  const clear = () => {
    setReversed(null);
    onChange({ takenAfter: null, takenBefore: null });
  };

  const invalid = {
    "aria-invalid": reversed !== null,
    "aria-describedby": reversed ? problemId : undefined,
  };

  return (
    <div className={styles.range} role="group" aria-label="Date taken">
      <label className={styles.end}>
        <span>Taken from</span>
        <input
          type="date"
          value={shown.takenAfter ?? ""}
          max={shown.takenBefore ?? undefined}
          onChange={(event) => change({ takenAfter: parseDay(event.target.value) })}
          {...invalid}
        />
      </label>
      <label className={styles.end}>
        <span>
          <span className="visually-hidden">Taken </span>to
        </span>
        <input
          type="date"
          value={shown.takenBefore ?? ""}
          min={shown.takenAfter ?? undefined}
          onChange={(event) => change({ takenBefore: parseDay(event.target.value) })}
          {...invalid}
        />
      </label>
      {(takenAfter || takenBefore || reversed) && (
        <button type="button" className={linkButtonClass} onClick={clear}>
          Clear dates
        </button>
      )}
      {reversed && (
        <p id={problemId} className={styles.problem} role="alert">
          “Taken from” is after “to”: change one of the two days to search between them.
        </p>
      )}
    </div>
  );
}
