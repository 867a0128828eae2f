import type { ReactNode } from "react";
import { errorMessage } from "@/lib/api-client";
import styles from "./alert.module.css";

type AlertProps = { error: unknown; action?: ReactNode };

/** Shows an error as a sentence, never as raw JSON. */
export function Alert({ error, action }: AlertProps) {
  return (
    <div className={styles.alert} role="alert">
      <span>{errorMessage(error)}</span>
      {action}
    </div>
  );
}
