import { useState, type CSSProperties } from "react";
import type { Box } from "@/types/api";
import type { PhotoFace } from "../api/get-people";
import { NameFace } from "./name-face";
import styles from "./face-boxes.module.css";

/** What a face's box says: who it is, or the question to answer. */
function faceName(face: PhotoFace): string {
  return face.person?.name || "Who is this?";
}

/** A box, as fractions of the photo, placed over the photo in percentages. */
function placed({ x_min, y_min, x_max, y_max }: Box): CSSProperties {
  return {
    left: `${x_min * 100}%`,
    top: `${y_min * 100}%`,
    width: `${(x_max - x_min) * 100}%`,
    height: `${(y_max - y_min) * 100}%`,
  };
}

type FaceBoxesProps = {
  faces: PhotoFace[];
  /** Your own photo's faces can be named; another's (through a shared album) only show who their owner named. */
  canName: boolean;
};

/**
 * The faces found in a photo, drawn over it (dashed, unlike objects' boxes) with who each is. Pressing one of
 * your faces asks who it is, under the face.
 */
export function FaceBoxes({ faces, canName }: FaceBoxesProps) {
  const [namingId, setNamingId] = useState<string | null>(null);
  const naming = faces.find((face) => face.id === namingId);

  return (
    <div className={styles.faces}>
      {faces.map((face) => {
        const name = faceName(face);
        const named = Boolean(face.person?.name);
        return canName ? (
          <button
            key={face.id}
            type="button"
            className={styles.face}
            style={placed(face.box)}
            data-named={named || undefined}
            aria-label={`Face: ${name}`}
            aria-expanded={face.id === namingId}
            onClick={() => setNamingId(face.id === namingId ? null : face.id)}
          >
            <span className={styles.name}>{name}</span>
          </button>
        ) : (
          <span
            key={face.id}
            role="img"
            className={styles.face}
            style={placed(face.box)}
            data-named={named || undefined}
            aria-label={`Face: ${name}`}
          >
            <span className={styles.name}>{name}</span>
          </span>
        );
      })}
      {naming && (
        <div className={styles.popover} style={{ left: placed(naming.box).left, top: `${naming.box.y_max * 100}%` }}>
          <NameFace key={naming.id} face={naming} onDone={() => setNamingId(null)} />
        </div>
      )}
    </div>
  );
}
