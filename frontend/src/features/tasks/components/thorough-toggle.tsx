import { useId } from "react";
import styles from "./thorough-toggle.module.css";

type ThoroughToggleProps = {
  /** How many tiles a 4:3 photo is read in, after the whole photo (the task type's `thorough_tiles`). */
  tiles: number;
  checked: boolean;
  onChange: (checked: boolean) => void;
};

/** "Also reads each photo in 12 tiles: about 13× slower": a thorough task reads the whole photo, then each tile. */
export function thoroughCostText(tiles: number): string {
  return `Also reads each photo in ${tiles} tiles: about ${tiles + 1}× slower`;
}

/**
 * Thorough mode for a task that finds objects: it also reads each photo in overlapping tiles, to find small
 * objects, at about the tiles plus one times the work. The cost is in view before it is chosen.
 */
export function ThoroughToggle({ tiles, checked, onChange }: ThoroughToggleProps) {
  const costId = useId();
  return (
    <div className={styles.toggle}>
      <label className={styles.label}>
        <input
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={costId}
        />
        Thorough (small objects)
      </label>
      <span id={costId} className={`muted ${styles.cost}`} data-chosen={checked || undefined}>
        {checked ? thoroughCostText(tiles) : `about ${tiles + 1}× slower`}
      </span>
    </div>
  );
}
