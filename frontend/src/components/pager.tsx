import type { ReactNode } from "react";
import { buttonClass } from "./button";
import styles from "./pager.module.css";

type PagerProps = {
  /** Names the navigation, e.g. "Gallery pages". */
  label: string;
  /** The page shown, from 1. */
  page: number;
  /** How many pages the list has. */
  pageCount: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPageChange: (page: number) => void;
  previousText?: ReactNode;
  nextText?: ReactNode;
  size?: "small";
};

/** How many pages of `pageSize` it takes to list `count` items: one at least, an empty list's. */
export function pageCountOf(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** Previous and next page of a paginated list, and where it is in it; nothing while the list fits on one page. */
export function Pager({
  label,
  page,
  pageCount,
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
      <span className={styles.page}>
        Page {page} of {pageCount}
      </span>
      <button type="button" className={look} disabled={!hasNext} onClick={() => onPageChange(page + 1)}>
        {nextText}
      </button>
    </nav>
  );
}
