import { useId, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { plural } from "@/lib/format";
import { usePeopleToChoose, type PersonDetail } from "../api/get-people";
import { useMergePerson } from "../api/merge-person";
import { shownName } from "../utils/names";
import styles from "./person-page.module.css";

/**
 * Merges this person into another chosen from a list (named first, then by how many photos): they take every
 * face, and their page replaces this one, which is gone.
 */
export function MergeInto({ person }: { person: PersonDetail }) {
  const navigate = useNavigate();
  const people = usePeopleToChoose();
  const [intoId, setIntoId] = useState("");
  const selectId = useId();
  const merge = useMergePerson((into) => void navigate(`/people/${into.id}`, { replace: true }));

  const others = (people.data ?? [])
    .filter((other) => other.id !== person.id)
    .sort((a, b) => Number(!a.name) - Number(!b.name));
  if (others.length === 0) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (intoId) merge.mutate({ personId: person.id, intoId });
  };

  return (
    <form className={styles.merge} aria-label="Merge into another person" onSubmit={submit}>
      <label className={styles.label} htmlFor={selectId}>
        The same person as
      </label>
      <div className={styles.row}>
        <select id={selectId} value={intoId} onChange={(event) => setIntoId(event.target.value)}>
          <option value="">Choose someone…</option>
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {shownName(other)} · {plural(other.photo_count, "photo")}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className={buttonClass({ variant: "ghost", size: "small" })}
          disabled={!intoId || merge.isPending}
        >
          Merge
        </button>
      </div>
      {merge.isError && <Alert error={merge.error} />}
    </form>
  );
}
