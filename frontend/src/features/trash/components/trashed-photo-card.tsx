import { useId } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { ConfirmAction } from "@/components/confirm-action";
import { formatTime } from "@/lib/format";
import { useDeleteForGood } from "../api/delete-for-good";
import type { TrashedPhoto } from "../api/get-trash";
import { useRestorePhoto } from "../api/restore-photo";
import { formatLocalDay, timeAgo } from "../utils/trash-dates";
import styles from "./trashed-photo-card.module.css";

type TrashedPhotoCardProps = {
  photo: TrashedPhoto;
  onRestored: (photo: TrashedPhoto) => void;
  onDeleted: (photo: TrashedPhoto) => void;
};

/** A photo in the trash: why and when it was deleted, when it goes for good, and Restore or Delete for good. */
export function TrashedPhotoCard({ photo, onRestored, onDeleted }: TrashedPhotoCardProps) {
  const restore = useRestorePhoto(onRestored);
  const deleteForGood = useDeleteForGood(onDeleted);
  const nameId = useId();
  const busy = restore.isPending || deleteForGood.isPending;
  const error = restore.error ?? deleteForGood.error;

  return (
    <li className={styles.card} aria-labelledby={nameId}>
      <div className={styles.frame}>
        <img className={styles.thumb} src={photo.thumbnail_url} alt="" loading="lazy" decoding="async" />
      </div>
      <div className={styles.body}>
        <p id={nameId} className={styles.name} title={photo.filename}>
          {photo.filename}
        </p>
        {photo.reason && <p className={styles.reason}>{photo.reason}</p>}
        {photo.trashed_at && (
          <p className={styles.when}>
            Deleted{" "}
            <time dateTime={photo.trashed_at} title={formatTime(photo.trashed_at)}>
              {timeAgo(photo.trashed_at)}
            </time>
          </p>
        )}
        <p className={styles.when}>
          Deleted for good on <time dateTime={photo.purge_at}>{formatLocalDay(photo.purge_at)}</time>
        </p>
        <div className={styles.actions}>
          <button
            type="button"
            className={buttonClass({ variant: "primary", size: "small" })}
            onClick={() => restore.mutate(photo)}
            disabled={busy}
          >
            Restore
          </button>
          <ConfirmAction
            label="Delete for good"
            question={`Delete ${photo.filename} for good?`}
            confirmLabel="Yes, delete"
            pending={busy}
            disabled={busy}
            onConfirm={() => deleteForGood.mutate(photo)}
          />
        </div>
        {error && <Alert error={error} />}
      </div>
    </li>
  );
}
