import { useId } from "react";
import { formatPercent } from "@/lib/format";
import type { PhotoTag } from "@/types/api";
import styles from "./photo-tags.module.css";

/** "Egyptian cat 86%, tiger cat 5%": the tagger's best classes for the whole photo, best first. */
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
        {tags.map((tag) => (
          <li key={`${tag.model}:${tag.name}`}>
            {tag.name} <span className={`muted ${styles.score}`}>{formatPercent(tag.score)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
