import { useId, type ReactNode } from "react";
import styles from "./panel.module.css";

type PanelProps = {
  title: ReactNode;
  /** Shown in the header, after the title: a summary, a control, an action. */
  headerExtra?: ReactNode;
  /** The section's own class, besides the panel's. */
  className?: string;
  children?: ReactNode;
};

/** A card-like section of the page, named by its heading. */
export function Panel({ title, headerExtra, className, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={className ? `${styles.panel} ${className}` : styles.panel} aria-labelledby={headingId}>
      <header className={styles.header}>
        <h2 id={headingId} className={styles.title}>
          {title}
        </h2>
        {headerExtra}
      </header>
      {children}
    </section>
  );
}
