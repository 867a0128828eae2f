import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import type { PersonDetail } from "../api/get-people";
import { useUpdatePerson } from "../api/update-person";
import styles from "./person-page.module.css";

/** Hides a person from People (strangers in the background), or shows a hidden one again. */
export function HidePerson({ person }: { person: PersonDetail }) {
  const update = useUpdatePerson(person.id);
  return (
    <div className={styles.hide}>
      {person.hidden && <p className={styles.hiddenNote}>Hidden from People.</p>}
      <button
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        disabled={update.isPending}
        onClick={() => update.mutate({ hidden: !person.hidden })}
      >
        {person.hidden ? "Show in People" : "Hide"}
      </button>
      {update.isError && <Alert error={update.error} />}
    </div>
  );
}
