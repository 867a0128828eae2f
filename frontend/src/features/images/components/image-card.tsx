import type { MouseEvent } from "react";
import { Link } from "react-router";
import { LabelChips } from "@/components/label-chips";
import { formatDate, formatPercent } from "@/lib/format";
import type { Image } from "@/types/api";
import { groupMatches, matchesText } from "../utils/match-text";
import { OPENED_IN_APP, openLinkId } from "../utils/photo-view-state";
import styles from "./image-card.module.css";

type ImageCardProps = {
  image: Image;
  selected: boolean;
  /** The gallery's minimum confidence, which the label counts were taken at. */
  minConfidence: number;
  /** Say what matched the search (the photo's `matches`). */
  showMatches?: boolean;
  openHref: string;
  onToggle: (event: MouseEvent<HTMLButtonElement>) => void;
  onOpen: () => void;
};

/**
 * What a card says when it has no labels to show: the photo's best tags, else nothing found, or only its text
 * read, or never examined.
 */
function noLabelsText(image: Image, minConfidence: number): string {
  if (image.best_tags.length > 0) return `Tagged: ${image.best_tags.join(", ")}`;
  if (image.analysed_by) return `Nothing found at ≥ ${formatPercent(minConfidence)}`;
  return image.has_text ? "Text read, not searched for objects" : "Not analysed yet";
}

/** A small "T": text was read in the photo. */
function TextMarker() {
  return (
    <span className={`muted ${styles.textMarker}`} role="img" aria-label="Has text" title="Has text">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M5 7V5h14v2M12 5v14M9 19h6" />
      </svg>
    </span>
  );
}

/** Click toggles selection (shift extends it); double-click or the corner link opens the photo. */
export function ImageCard({ image, selected, minConfidence, showMatches, openHref, onToggle, onOpen }: ImageCardProps) {
  const hasLabels = Object.keys(image.labels).length > 0;
  const matches = showMatches ? groupMatches(image.matches) : [];
  return (
    <li className={styles.card} data-selected={selected || undefined}>
      <button
        type="button"
        className={styles.select}
        aria-pressed={selected}
        aria-label={image.filename}
        onClick={onToggle}
        onDoubleClick={onOpen}
      >
        <img className={styles.thumb} src={image.thumbnail_url} alt="" loading="lazy" decoding="async" />
        <span className={styles.check} aria-hidden="true" />
      </button>
      <Link
        id={openLinkId(image.id)}
        className={styles.open}
        to={openHref}
        state={OPENED_IN_APP}
        aria-label={`Open ${image.filename}`}
        title="Open"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M14 4h6v6M10 20H4v-6M20 4l-7 7M4 20l7-7" />
        </svg>
      </Link>
      <div className={styles.footer}>
        <div className={styles.title}>
          <span className={styles.name} title={image.filename}>
            {image.filename}
          </span>
          {image.has_text && <TextMarker />}
        </div>
        {image.taken_at && (
          <time className={`muted ${styles.taken}`} dateTime={image.taken_at} title="Taken">
            {formatDate(image.taken_at)}
          </time>
        )}
        {matches.length > 0 && (
          <p className={styles.matches} title={matchesText(image.matches)}>
            <span className="visually-hidden">Matched: </span>
            {matches.map(({ term, found }, index) => (
              <span key={term}>
                {index > 0 && "; "}
                <strong>{term}:</strong> {found.join(" · ")}
              </span>
            ))}
          </p>
        )}
        {hasLabels ? (
          <LabelChips labels={image.labels} size="small" />
        ) : (
          <span className={`muted ${styles.note}`}>{noLabelsText(image, minConfidence)}</span>
        )}
      </div>
    </li>
  );
}
