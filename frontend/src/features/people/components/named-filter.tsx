import type { NamedFilter as Filter } from "../api/get-people";
import styles from "./named-filter.module.css";

const CHOICES: { value: Filter; text: string }[] = [
  { value: "all", text: "Everyone" },
  { value: "unnamed", text: "To name" },
  { value: "named", text: "Named" },
];

type NamedFilterProps = { value: Filter; onChange: (value: Filter) => void };

/** Everyone, only the people still to name, or only those named. */
export function NamedFilter({ value, onChange }: NamedFilterProps) {
  return (
    <fieldset className={styles.filter}>
      <legend className="visually-hidden">Show</legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className={styles.choice}>
          <input
            type="radio"
            name="named"
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />
          {choice.text}
        </label>
      ))}
    </fieldset>
  );
}
