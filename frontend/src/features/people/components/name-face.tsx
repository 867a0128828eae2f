import { Link } from "react-router";
import { usePeopleToChoose, type PhotoFace } from "../api/get-people";
import { useNameFace } from "../api/name-face";
import { NameForm } from "./name-form";
import styles from "./name-face.module.css";

type NameFaceProps = { face: PhotoFace; onDone: () => void };

/**
 * Who a face in a photo is: a name typed (completed from those given) puts the face in the person of that name,
 * or names its person; and the way to everyone sorted with it.
 */
export function NameFace({ face, onDone }: NameFaceProps) {
  const people = usePeopleToChoose("named");
  const nameFace = useNameFace(onDone);

  return (
    <div className={styles.nameFace}>
      <NameForm
        label="Who is this?"
        initialName={face.person?.name ?? ""}
        placeholder="Their name"
        pending={nameFace.isPending || people.isPending}
        error={nameFace.error}
        autoFocus
        onSubmit={(name) => nameFace.mutate({ face, name, people: people.data ?? [] })}
        onCancel={onDone}
      />
      {face.person && (
        <Link className={styles.person} to={`/people/${face.person.id}`}>
          {face.person.name ? `All of ${face.person.name}’s faces` : "Everyone sorted with this face"}
        </Link>
      )}
    </div>
  );
}
