import type { ReactNode } from "react";
import { Brand } from "./brand";
import styles from "./top-bar.module.css";

/** The top bar of a view of its own (Duplicates, Trash): the app's name, and the ways to the other views. */
export function TopBar({ children }: { children: ReactNode }) {
  return (
    <header className={styles.topbar}>
      <Brand />
      <nav className={styles.links} aria-label="Views">
        {children}
      </nav>
    </header>
  );
}
