import { useId, useState } from "react";
import { buttonClass } from "./button";
import styles from "./confirm-action.module.css";

type ConfirmActionProps = {
  /** The button that asks first: "Delete for good". */
  label: string;
  /** What it asks: "Delete chelsea.png for good?". */
  question: string;
  /** The answer that does it: "Yes, delete for good". */
  confirmLabel: string;
  /** It is being done: the answer cannot be pressed again. */
  pending: boolean;
  disabled?: boolean;
  onConfirm: () => void;
};

/**
 * A button for what cannot be undone, which asks first: in its place the question, with the answer that does it
 * and Cancel. The focus goes along: to Cancel, the safe answer, and back to the button when cancelled.
 */
export function ConfirmAction({ label, question, confirmLabel, pending, disabled, onConfirm }: ConfirmActionProps) {
  const [step, setStep] = useState<"idle" | "confirming" | "cancelled">("idle");
  const questionId = useId();

  if (step === "confirming") {
    return (
      <span className={styles.confirm} role="group" aria-labelledby={questionId}>
        <span id={questionId} className={styles.question}>
          {question}
        </span>
        <button
          type="button"
          className={buttonClass({ variant: "danger", size: "small" })}
          onClick={onConfirm}
          disabled={pending}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={() => setStep("cancelled")}
          autoFocus
        >
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button
      type="button"
      className={buttonClass({ variant: "danger", size: "small" })}
      onClick={() => setStep("confirming")}
      disabled={disabled}
      autoFocus={step === "cancelled"}
    >
      {label}
    </button>
  );
}
