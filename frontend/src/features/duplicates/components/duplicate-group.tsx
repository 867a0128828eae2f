import { Link } from "react-router";
import { formatBytes, formatDate, plural } from "@/lib/format";
import type { DuplicateGroup, DuplicatePhoto } from "../api/get-duplicates";
import { dimensionsText, formatName, sharpnessOf } from "../utils/photo-facts";
import styles from "./duplicate-group.module.css";

type DuplicateGroupCardProps = {
  group: DuplicateGroup;
  /** The search params the photo links keep, so that the photo view closes back to this view. */
  search: string;
  /** The history state the photo links carry (the photo view's "opened in the app"). */
  photoLinkState?: unknown;
};

/** One group: its photos side by side, the one to keep first and marked, each with what tells them apart. */
export function DuplicateGroupCard({ group, search, photoLinkState }: DuplicateGroupCardProps) {
  const [keeper] = group.photos;
  return (
    <li className={styles.group}>
      <ol className={styles.photos} aria-label={`${plural(group.photos.length, "photo")} like ${keeper?.filename}`}>
        {group.photos.map((photo, index) => (
          <DuplicatePhotoCard
            key={photo.id}
            photo={photo}
            keep={index === 0}
            href={`/photos/${photo.id}${search}`}
            linkState={photoLinkState}
          />
        ))}
      </ol>
    </li>
  );
}

type DuplicatePhotoCardProps = { photo: DuplicatePhoto; keep: boolean; href: string; linkState?: unknown };

function DuplicatePhotoCard({ photo, keep, href, linkState }: DuplicatePhotoCardProps) {
  const sharpness = sharpnessOf(photo.sharpness);
  return (
    <li className={styles.photo} data-keep={keep || undefined}>
      <Link className={styles.open} to={href} state={linkState} aria-label={`Open ${photo.filename}`}>
        <img className={styles.thumb} src={photo.thumbnail_url} alt="" loading="lazy" decoding="async" />
      </Link>
      {keep && <span className={styles.badge}>Suggested to keep</span>}
      <div className={styles.body}>
        <p className={styles.name} title={photo.filename}>
          {photo.filename}
        </p>
        <p className={styles.why}>{photo.why}</p>
        <dl className={styles.facts}>
          <dt>Size</dt>
          <dd>{dimensionsText(photo)}</dd>
          <dt>Format</dt>
          <dd>{formatName(photo.content_type)}</dd>
          <dt>File</dt>
          <dd>{formatBytes(photo.size_bytes)}</dd>
          <dt>Sharpness</dt>
          <dd className={styles.sharpness} data-level={sharpness.level}>
            {sharpness.percent !== null && (
              <span className={styles.bar} aria-hidden="true">
                <span className={styles.fill} style={{ width: `${sharpness.percent}%` }} />
              </span>
            )}
            {sharpness.level}
          </dd>
          <dt>Taken</dt>
          <dd>
            {photo.taken_at ? (
              <time dateTime={photo.taken_at}>{formatDate(photo.taken_at)}</time>
            ) : (
              <span className="muted">no date</span>
            )}
          </dd>
        </dl>
      </div>
    </li>
  );
}
