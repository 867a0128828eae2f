import styles from "./button.module.css";

export type ButtonLook = {
  variant?: "primary" | "ghost" | "danger";
  size?: "small" | "icon";
  /** More classes, e.g. the caller's own layout. */
  className?: string;
};

/** The classes that make a button, a link or a label look like one of the app's buttons. */
export function buttonClass({ variant, size, className }: ButtonLook = {}): string {
  return [styles.button, variant && styles[variant], size && styles[size], className].filter(Boolean).join(" ");
}

/** A button that looks like a link. */
export const linkButtonClass = styles.link;
