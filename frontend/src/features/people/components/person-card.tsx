import { useId } from "react";
import { Link } from "react-router";
import { plural } from "@/lib/format";
import type { Person } from "../api/get-people";
import { useUpdatePerson } from "../api/update-person";
import { shownName } from "../utils/names";
import { NameForm } from "./name-form";
import styles from "./person-card.module.css";

/** The People page's card of one person: their face, name and counts; one still unnamed asks for a name. */
export function PersonCard({ person }: { person: Person }) {
  const rename = useUpdatePerson(person.id);
  const nameId = useId();
  const name = shownName(person);

  return (
    <li className={styles.card} aria-labelledby={nameId}>
      <Link className={styles.face} to={`/people/${person.id}`} tabIndex={-1} aria-hidden="true">
        <img className={styles.thumb} src={person.thumbnail_url} alt="" loading="lazy" decoding="async" />
      </Link>
      <div className={styles.body}>
        <Link id={nameId} className={styles.name} to={`/people/${person.id}`} data-unnamed={!person.name || undefined}>
          {name}
        </Link>
        <p className={styles.counts}>
          {plural(person.photo_count, "photo")} · {plural(person.face_count, "face")}
        </p>
        {!person.name && (
          <NameForm
            label="Name"
            formLabel={`Name this person, in ${plural(person.photo_count, "photo")}`}
            pending={rename.isPending}
            error={rename.error}
            onSubmit={(given) => rename.mutate({ name: given })}
          />
        )}
      </div>
    </li>
  );
}
