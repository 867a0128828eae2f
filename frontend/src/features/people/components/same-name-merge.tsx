import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import type { PersonDetail } from "../api/get-people";
import { useMergePerson } from "../api/merge-person";
import styles from "./person-page.module.css";

/**
 * Others given the same name are likely the same person, sorted apart: offered to merge into this one, whose
 * page stays.
 */
export function SameNameMerge({ person }: { person: PersonDetail }) {
  const merge = useMergePerson();
  if (!person.name || person.same_name_as.length === 0) return null;
  const others = person.same_name_as.length;

  return (
    <div className={styles.offer} role="group" aria-label="Same name">
      <p>
        {others === 1 ? `Someone else is named ${person.name} too.` : `${others} others are named ${person.name} too.`}
      </p>
      {person.same_name_as.map((otherId, index) => (
        <button
          key={otherId}
          type="button"
          className={buttonClass({ variant: "primary", size: "small" })}
          disabled={merge.isPending}
          onClick={() => merge.mutate({ personId: otherId, intoId: person.id })}
        >
          Merge with the other {person.name}
          {others > 1 ? ` (${index + 1})` : ""}
        </button>
      ))}
      {merge.isError && <Alert error={merge.error} />}
    </div>
  );
}
