import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import type { PersonFace } from "../api/get-people";
import { useMoveFace } from "../api/move-face";
import styles from "./person-page.module.css";

/** The faces shown before "Show all": enough to spot a stranger among the surest. */
const FIRST_FACES = 24;

/** A face in its photo's thumbnail, outlined where it is. */
function FaceInPhoto({ face, linkState }: { face: PersonFace; linkState?: unknown }) {
  const { x_min, y_min, x_max, y_max } = face.box;
  return (
    <Link className={styles.faceFrame} to={`/photos/${face.image_id}`} state={linkState} aria-label="Open photo">
      <img src={`/api/images/${face.image_id}/thumbnail`} alt="" loading="lazy" decoding="async" />
      <span
        className={styles.faceBox}
        style={{
          left: `${x_min * 100}%`,
          top: `${y_min * 100}%`,
          width: `${(x_max - x_min) * 100}%`,
          height: `${(y_max - y_min) * 100}%`,
        }}
      />
    </Link>
  );
}

/**
 * A person's faces, surest first, each in its photo, with "Not this person": the face leaves them for a person
 * of its own.
 */
type PersonFacesProps = { faces: PersonFace[]; headingId: string; linkState?: unknown };

export function PersonFaces({ faces, headingId, linkState }: PersonFacesProps) {
  const [showAll, setShowAll] = useState(false);
  const move = useMoveFace();
  const shown = showAll ? faces : faces.slice(0, FIRST_FACES);

  return (
    <>
      {move.isError && <Alert error={move.error} />}
      <ul className={styles.faces} aria-labelledby={headingId}>
        {shown.map((face, index) => (
          <li key={face.id} className={styles.faceCard} aria-label={`Face ${index + 1}`}>
            <FaceInPhoto face={face} linkState={linkState} />
            <button
              type="button"
              className={buttonClass({ variant: "ghost", size: "small" })}
              disabled={move.isPending}
              onClick={() => move.mutate({ faceId: face.id, personId: null })}
            >
              Not this person
            </button>
          </li>
        ))}
      </ul>
      {shown.length < faces.length && (
        <button type="button" className={buttonClass({ variant: "ghost" })} onClick={() => setShowAll(true)}>
          Show all {faces.length} faces
        </button>
      )}
    </>
  );
}
