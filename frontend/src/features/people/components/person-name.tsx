import { useState } from "react";
import { buttonClass } from "@/components/button";
import type { PersonDetail } from "../api/get-people";
import { useUpdatePerson } from "../api/update-person";
import { shownName } from "../utils/names";
import { NameForm } from "./name-form";
import styles from "./person-page.module.css";

/** A person's name as their page's heading, renamed in place; one still unnamed is asked for a name at once. */
export function PersonName({ person }: { person: PersonDetail }) {
  const [renaming, setRenaming] = useState(false);
  const rename = useUpdatePerson(person.id);

  if (renaming || !person.name) {
    return (
      <div className={styles.nameForm}>
        <h1 className="visually-hidden">{shownName(person)}</h1>
        <NameForm
          key={person.name}
          label={person.name ? "Name" : "Who is this?"}
          initialName={person.name ?? ""}
          submitText={person.name ? "Rename" : "Save"}
          pending={rename.isPending}
          error={rename.error}
          autoFocus={renaming}
          onSubmit={(name) => rename.mutate({ name }, { onSuccess: () => setRenaming(false) })}
          onCancel={person.name ? () => setRenaming(false) : undefined}
        />
      </div>
    );
  }
  return (
    <div className={styles.nameLine}>
      <h1 className={styles.title}>{person.name}</h1>
      <button
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        onClick={() => setRenaming(true)}
      >
        Rename
      </button>
    </div>
  );
}
