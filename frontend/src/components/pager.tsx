import type { ReactNode } from "react";
import { buttonClass } from "./button";
import styles from "./pager.module.css";

type PagerProps = {
  /** Names the navigation, e.g. "Gallery pages". */
  label: string;
  /** The page shown, from 1. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPageChange: (page: number) => void;
  previousText?: ReactNode;
  nextText?: ReactNode;
  size?: "small";
};

/** Previous and next page of a paginated list; nothing while the list fits on one page. */
export function Pager({
  label,
  page,
  hasPrevious,
  hasNext,
  onPageChange,
  previousText = "← Previous page",
  nextText = "Next page →",
  size,
}: PagerProps) {
  if (!hasPrevious && !hasNext) return null;
  const look = buttonClass({ variant: "ghost", size });
  return (
    <nav className={styles.pager} aria-label={label}>
      <button type="button" className={look} disabled={!hasPrevious} onClick={() => onPageChange(page - 1)}>
        {previousText}
      </button>
      <span className={styles.page}>Page {page}</span>
      <button type="button" className={look} disabled={!hasNext} onClick={() => onPageChange(page + 1)}>
        {nextText}
      </button>
    </nav>
  );
}
