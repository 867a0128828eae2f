import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { tidyName } from "../utils/names";
import styles from "./name-form.module.css";
import { NameSuggestions } from "./name-suggestions";

type NameFormProps = {
  /** The field's label: "Name", "Who is this?". */
  label: string;
  /** Labels the form as a whole, e.g. "Name Unnamed, in 3 photos". */
  formLabel?: string;
  initialName?: string;
  placeholder?: string;
  submitText?: string;
  pending: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  /** Given, the form can be closed without saving (Cancel, or Escape in the field). */
  onCancel?: () => void;
  autoFocus?: boolean;
};

/** A name typed in one line, completed from the names already given; saved only when it says something. */
export function NameForm({
  label,
  formLabel,
  initialName = "",
  placeholder = "Add a name",
  submitText = "Save",
  pending,
  error,
  onSubmit,
  onCancel,
  autoFocus = false,
}: NameFormProps) {
  const [name, setName] = useState(initialName);
  const inputId = useId();
  const namesId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tidyName(name)) onSubmit(tidyName(name));
  };
  // Escape closes this form only, not the photo view or dialog around it.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && onCancel) {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <form className={styles.form} aria-label={formLabel ?? label} onSubmit={submit} onKeyDown={onKeyDown}>
      <label className={styles.label} htmlFor={inputId}>
        {label}
      </label>
      <div className={styles.row}>
        <input
          id={inputId}
          className={styles.input}
          list={namesId}
          value={name}
          placeholder={placeholder}
          autoComplete="off"
          maxLength={200}
          onChange={(event) => setName(event.target.value)}
          autoFocus={autoFocus}
        />
        <button
          type="submit"
          className={buttonClass({ variant: "primary", size: "small" })}
          disabled={pending || !tidyName(name)}
        >
          {submitText}
        </button>
        {onCancel && (
          <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <NameSuggestions id={namesId} />
      {Boolean(error) && <Alert error={error} />}
    </form>
  );
}
