import styles from "./spinner.module.css";

/** A small turning ring beside the words that say what is loading; the words are what a screen reader hears. */
export function Spinner() {
  return <span className={styles.spinner} aria-hidden="true" />;
}
