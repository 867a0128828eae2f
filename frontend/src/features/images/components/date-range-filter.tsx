import { useId, useState, type ChangeEvent } from "react";
import { linkButtonClass } from "@/components/button";
import { fieldDay, isReversedRange, typedDay } from "../utils/date-range";
import styles from "./date-range-filter.module.css";

export type DateRange = { takenAfter: string | null; takenBefore: string | null };

/** What each date field holds, as the field reports it: a day, "" or a day on its way ("0002-03-15"). */
type DateFields = { takenAfter: string; takenBefore: string };

type DateRangeFilterProps = DateRange & { onChange: (change: Partial<DateRange>) => void };

function fieldsOf({ takenAfter, takenBefore }: DateRange): DateFields {
  return { takenAfter: takenAfter ?? "", takenBefore: takenBefore ?? "" };
}

/**
 * "Taken from [date] to [date]": both ends included, either may be left open. A day takes effect once the field
 * holds a whole one (typed, pasted or picked); while one is being typed, the field keeps it and the search stays
 * as it was. A field emptied leaves that end open. A range typed the wrong way round stays in the fields, said to
 * be reversed, and is not searched for until one of its days changes.
 */
export function DateRangeFilter({ takenAfter, takenBefore, onChange }: DateRangeFilterProps) {
  // The fields hold what is typed, not the range searched for: the search follows the address, which changes a
  // moment later, and a field given back its old value in between would lose what is being typed.
  const [fields, setFields] = useState<DateFields>(() => fieldsOf({ takenAfter, takenBefore }));
  const [searched, setSearched] = useState<DateRange>({ takenAfter, takenBefore });
  // Fields emptied by "Clear dates" are made anew: one with part of a day reports "" and would keep that part.
  const [clearings, setClearings] = useState(0);
  const problemId = useId();

  // A range set from elsewhere (the address, going back) shows in the fields.
  if (searched.takenAfter !== takenAfter || searched.takenBefore !== takenBefore) {
    setSearched({ takenAfter, takenBefore });
    setFields(fieldsOf({ takenAfter, takenBefore }));
  }

  const days: DateRange = { takenAfter: fieldDay(fields.takenAfter), takenBefore: fieldDay(fields.takenBefore) };
  const reversed = isReversedRange(days.takenAfter, days.takenBefore);

  const change = (end: keyof DateRange) => (event: ChangeEvent<HTMLInputElement>) => {
    const { value, validity } = event.target;
    const next = { ...fields, [end]: value };
    setFields(next);
    const day = typedDay(value, validity.badInput);
    if (day === undefined) return; // still being typed
    const range = { takenAfter: fieldDay(next.takenAfter), takenBefore: fieldDay(next.takenBefore) };
    if (isReversedRange(range.takenAfter, range.takenBefore)) return;
    // After a reversed range, both ends differ from the range searched for.
    onChange(reversed ? range : { [end]: day });
  };

  const clear = () => {
    setFields(fieldsOf({ takenAfter: null, takenBefore: null }));
    setClearings((count) => count + 1);
    onChange({ takenAfter: null, takenBefore: null });
  };

  const invalid = {
    "aria-invalid": reversed,
    "aria-describedby": reversed ? problemId : undefined,
  };

  return (
    <div className={styles.range} role="group" aria-label="Date taken">
      <label className={styles.end}>
        <span>Taken from</span>
        <input
          key={clearings}
          type="date"
          value={fields.takenAfter}
          max={days.takenBefore ?? undefined}
          onChange={change("takenAfter")}
          {...invalid}
        />
      </label>
      <label className={styles.end}>
        <span>
          <span className="visually-hidden">Taken </span>to
        </span>
        <input
          key={clearings}
          type="date"
          value={fields.takenBefore}
          min={days.takenAfter ?? undefined}
          onChange={change("takenBefore")}
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
