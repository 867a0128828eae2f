import type { MouseEvent } from "react";
import { Link } from "react-router";
import { LabelChips } from "@/components/label-chips";
import type { Image } from "@/types/api";
import styles from "./image-card.module.css";

type ImageCardProps = {
  image: Image;
  selected: boolean;
  openHref: string;
  onToggle: (event: MouseEvent<HTMLButtonElement>) => void;
  onOpen: () => void;
};

/** Click toggles selection (shift extends it); double-click or the corner link opens the photo. */
export function ImageCard({ image, selected, openHref, onToggle, onOpen }: ImageCardProps) {
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
      <Link className={styles.open} to={openHref} aria-label={`Open ${image.filename}`} title="Open">
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M14 4h6v6M10 20H4v-6M20 4l-7 7M4 20l7-7" />
        </svg>
      </Link>
      <div className={styles.footer}>
        <span className={styles.name} title={image.filename}>
          {image.filename}
        </span>
        <LabelChips labels={image.labels} size="small" />
      </div>
    </li>
  );
}
