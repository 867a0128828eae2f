import { linkButtonClass } from "@/components/button";
import { parseDay } from "../hooks/use-gallery-filters";
import styles from "./date-range-filter.module.css";

export type DateRange = { takenAfter: string | null; takenBefore: string | null };

type DateRangeFilterProps = DateRange & { onChange: (change: Partial<DateRange>) => void };

/**
 * "Taken from [date] to [date]": both ends included, either may be left open. A day takes effect as soon as
 * the field holds a whole one; a field emptied (or half typed) leaves that end open.
 */
export function DateRangeFilter({ takenAfter, takenBefore, onChange }: DateRangeFilterProps) {
  return (
    <div className={styles.range} role="group" aria-label="Date taken">
      <label className={styles.end}>
        <span>Taken from</span>
        <input
          type="date"
          value={takenAfter ?? ""}
          max={takenBefore ?? undefined}
          onChange={(event) => onChange({ takenAfter: parseDay(event.target.value) })}
        />
      </label>
      <label className={styles.end}>
        <span>
          <span className="visually-hidden">Taken </span>to
        </span>
        <input
          type="date"
          value={takenBefore ?? ""}
          min={takenAfter ?? undefined}
          onChange={(event) => onChange({ takenBefore: parseDay(event.target.value) })}
        />
      </label>
      {(takenAfter || takenBefore) && (
        <button
          type="button"
          className={linkButtonClass}
          onClick={() => onChange({ takenAfter: null, takenBefore: null })}
        >
          Clear dates
        </button>
      )}
    </div>
  );
}
