import { useId, type ReactNode } from "react";
import styles from "./panel.module.css";

type PanelProps = {
  /** The heading; left out where something around the panel already says what it is (a disclosure's summary). */
  title?: ReactNode;
  /** The panel's accessible name where it has no heading. */
  label?: string;
  /** Shown in the header, after the title: a summary, a control, an action. */
  headerExtra?: ReactNode;
  /** The section's own class, besides the panel's. */
  className?: string;
  children?: ReactNode;
};

/** A card-like section of the page, named by its heading (or, without one, by `label`). */
export function Panel({ title, label, headerExtra, className, children }: PanelProps) {
  const headingId = useId();
  const hasTitle = title !== undefined;
  return (
    <section
      className={className ? `${styles.panel} ${className}` : styles.panel}
      aria-labelledby={hasTitle ? headingId : undefined}
      aria-label={hasTitle ? undefined : label}
    >
      {(hasTitle || headerExtra) && (
        <header className={styles.header}>
          {hasTitle && (
            <h2 id={headingId} className={styles.title}>
              {title}
            </h2>
          )}
          {headerExtra}
        </header>
      )}
      {children}
    </section>
  );
}
