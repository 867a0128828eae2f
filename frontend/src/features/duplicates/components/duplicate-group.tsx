import { useState } from "react";
import { Link } from "react-router";
import { Alert } from "@/components/alert";
import { formatBytes, formatDate, plural } from "@/lib/format";
import type { DuplicateGroup, DuplicatePhoto } from "../api/get-duplicates";
import { useResolveGroup, type ResolvedGroup } from "../api/resolve-group";
import { dimensionsText, formatName, sharpnessOf } from "../utils/photo-facts";
import styles from "./duplicate-group.module.css";
import { ResolveActions } from "./resolve-actions";

type DuplicateGroupCardProps = {
  group: DuplicateGroup;
  /** The search params the photo links keep, so that the photo view closes back to this view. */
  search: string;
  /** The history state the photo links carry (the photo view's "opened in the app"). */
  photoLinkState?: unknown;
  /** The group was resolved: it leaves the list, and the view says what became of it. */
  onResolved: (resolved: ResolvedGroup) => void;
};

/**
 * One group: its photos side by side, the one to keep first and marked, each with what tells them apart and
 * whether to keep it (the suggested one, unless changed); and under them the answers that resolve the group.
 */
export function DuplicateGroupCard({ group, search, photoLinkState, onResolved }: DuplicateGroupCardProps) {
  const [keeper] = group.photos;
  const [keepIds, setKeepIds] = useState<ReadonlySet<string>>(() => new Set(keeper ? [keeper.id] : []));
  const resolve = useResolveGroup(onResolved);

  const toggleKeep = (photoId: string) =>
    setKeepIds((current) => {
      const next = new Set(current);
      if (!next.delete(photoId)) next.add(photoId);
      return next;
    });
  const keep = (ids: string[]) => resolve.mutate({ group, keep: ids });
  const allIds = group.photos.map((photo) => photo.id);

  return (
    <li className={styles.group}>
      <ol className={styles.photos} aria-label={`${plural(group.photos.length, "photo")} like ${keeper?.filename}`}>
        {group.photos.map((photo, index) => (
          <DuplicatePhotoCard
            key={photo.id}
            photo={photo}
            suggested={index === 0}
            keep={keepIds.has(photo.id)}
            onToggleKeep={() => toggleKeep(photo.id)}
            disabled={resolve.isPending}
            href={`/photos/${photo.id}${search}`}
            linkState={photoLinkState}
          />
        ))}
      </ol>
      <ResolveActions
        photoCount={group.photos.length}
        keepCount={keepIds.size}
        pending={resolve.isPending}
        onKeepBest={() => keep(allIds.slice(0, 1))}
        onKeepAll={() => keep(allIds)}
        onKeepSelected={() => keep(allIds.filter((id) => keepIds.has(id)))}
      />
      {resolve.isError && <Alert error={resolve.error} />}
    </li>
  );
}

type DuplicatePhotoCardProps = {
  photo: DuplicatePhoto;
  /** The one the group suggests to keep. */
  suggested: boolean;
  /** Chosen to keep: "Keep selected" leaves it in the library. */
  keep: boolean;
  onToggleKeep: () => void;
  disabled: boolean;
  href: string;
  linkState?: unknown;
};

function DuplicatePhotoCard({
  photo,
  suggested,
  keep,
  onToggleKeep,
  disabled,
  href,
  linkState,
}: DuplicatePhotoCardProps) {
  const sharpness = sharpnessOf(photo.sharpness);
  return (
    <li className={styles.photo} data-keep={keep || undefined}>
      <Link className={styles.open} to={href} state={linkState} aria-label={`Open ${photo.filename}`}>
        <img className={styles.thumb} src={photo.thumbnail_url} alt="" loading="lazy" decoding="async" />
      </Link>
      {suggested && <span className={styles.badge}>Suggested to keep</span>}
      <div className={styles.body}>
        <label className={styles.keep}>
          <input
            type="checkbox"
            checked={keep}
            onChange={onToggleKeep}
            disabled={disabled}
            aria-label={`Keep ${photo.filename}`}
          />
          Keep
        </label>
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
