import { Alert } from "@/components/alert";
import { errorMessage } from "@/lib/api-client";
import { isConflict } from "../api/pause-task";
import styles from "./control-error.module.css";

type ControlErrorProps = {
  error: unknown;
  /** What to say when the task was no longer in a state for the action; the server's sentence by default. */
  conflictText?: string;
};

/**
 * Why a task's control did not work. A conflict is no accident (the task finished or changed meanwhile, and
 * the card catches up), so it is said gently; anything else is an error.
 */
export function ControlError({ error, conflictText }: ControlErrorProps) {
  if (!isConflict(error)) return <Alert error={error} />;
  return (
    <p className={`muted ${styles.note}`} role="status">
      {conflictText ?? errorMessage(error)}
    </p>
  );
}
