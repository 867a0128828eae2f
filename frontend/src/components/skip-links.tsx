import type { MouseEvent } from "react";
import styles from "./skip-links.module.css";

type SkipLink = { targetId: string; text: string };

/**
 * The first stops of the keyboard: links past the page's controls to its main parts, shown only once focused.
 * Each target takes the focus itself (it has `tabIndex={-1}`), so that the next Tab goes on from there.
 */
export function SkipLinks({ links }: { links: SkipLink[] }) {
  const skip = (event: MouseEvent<HTMLAnchorElement>, targetId: string) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault(); // no "#target" in the address: the router owns it
    target.focus();
  };
  return (
    <nav className={styles.skip} aria-label="Skip links">
      {links.map(({ targetId, text }) => (
        <a key={targetId} className={styles.link} href={`#${targetId}`} onClick={(event) => skip(event, targetId)}>
          {text}
        </a>
      ))}
    </nav>
  );
}
