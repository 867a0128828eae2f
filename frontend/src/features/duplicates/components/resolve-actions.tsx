import { useId } from "react";
import { buttonClass } from "@/components/button";
import styles from "./resolve-actions.module.css";

type ResolveActionsProps = {
  /** How many photos the group has, and how many of them are chosen to keep. */
  photoCount: number;
  keepCount: number;
  /** A resolve is on its way: nothing can be pressed. */
  pending: boolean;
  onKeepBest: () => void;
  onKeepAll: () => void;
  onKeepSelected: () => void;
};

/** "Keep 1, move 2 to the trash": what "Keep selected" would do. */
export function keepSelectedText(photoCount: number, keepCount: number): string {
  if (keepCount === 0) return "Choose the photos to keep.";
  const trashed = photoCount - keepCount;
  return `Keep ${keepCount}, move ${trashed === 0 ? "none" : trashed} to the trash`;
}

/** A group's answers: keep the suggested photo, keep them all, or keep those chosen and trash the rest. */
export function ResolveActions({
  photoCount,
  keepCount,
  pending,
  onKeepBest,
  onKeepAll,
  onKeepSelected,
}: ResolveActionsProps) {
  const summaryId = useId();
  return (
    <div className={styles.actions}>
      <button
        type="button"
        className={buttonClass({ variant: "primary", size: "small" })}
        onClick={onKeepBest}
        disabled={pending}
      >
        Keep best
      </button>
      <button
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        onClick={onKeepAll}
        disabled={pending}
      >
        Keep all
      </button>
      <span className={styles.selected}>
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={onKeepSelected}
          disabled={pending || keepCount === 0}
          aria-describedby={summaryId}
        >
          Keep selected
        </button>
        <span id={summaryId} className={styles.summary}>
          {keepSelectedText(photoCount, keepCount)}
        </span>
      </span>
    </div>
  );
}
