import { useId } from "react";
import { GUESS_BELOW, formatConfidence, formatPercent } from "@/lib/format";
import type { PhotoTag } from "@/types/api";
import styles from "./photo-tags.module.css";

/**
 * "Egyptian cat 86%, tiger cat 5%": the tagger's best classes for the whole photo, best first. Those it is barely
 * sure of are greyed and said to be guesses: they are not what the photo shows.
 */
export function PhotoTags({ tags }: { tags: readonly PhotoTag[] }) {
  const headingId = useId();
  if (tags.length === 0) return null;
  const models = [...new Set(tags.map((tag) => tag.model))];
  return (
    <div className={styles.tags}>
      <h3 id={headingId} className={styles.title} title={`By ${models.join(", ")}`}>
        Tags
      </h3>
      <ol className={styles.list} aria-labelledby={headingId}>
        {tags.map((tag) => {
          const guess = tag.score < GUESS_BELOW;
          return (
            <li
              key={`${tag.model}:${tag.name}`}
              className={guess ? styles.guess : undefined}
              title={guess ? `A guess: under ${formatPercent(GUESS_BELOW)}` : undefined}
            >
              {tag.name} <span className={`muted ${styles.score}`}>{formatConfidence(tag.score)}</span>
              {guess && <span className="visually-hidden"> (a guess)</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
