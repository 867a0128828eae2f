import styles from "./brand.module.css";

type BrandProps = { large?: boolean; "aria-hidden"?: boolean };

/** The app's name with its mark. */
export function Brand({ large = false, "aria-hidden": ariaHidden }: BrandProps) {
  return (
    <p className={large ? `${styles.brand} ${styles.large}` : styles.brand} aria-hidden={ariaHidden}>
      <span className={styles.mark} aria-hidden="true" /> Spotter
    </p>
  );
}
