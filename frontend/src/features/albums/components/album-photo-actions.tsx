import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { plural } from "@/lib/format";
import { useRemoveFromAlbum } from "../api/album-photos";
import type { Album } from "../api/get-albums";
import { useUpdateAlbum } from "../api/update-album";
import type { AlbumNotice } from "../utils/album-notice";
import { canRemovePhotos, isOwner } from "../utils/roles";
import styles from "./album-photo-actions.module.css";

type AlbumPhotoActionsProps = {
  album: Album;
  selectedIds: string[];
  /** How many of the selected photos are someone else's (added by another member). */
  othersSelected: number;
  onDone: (notice: AlbumNotice) => void;
};

/**
 * What the selected photos of an album can do there, as far as your role lets you: one becomes its cover (its
 * owner's choice); in an album of chosen photos, they leave it (and stay in the library): any of them for the
 * owner, only your own for a contributor, none for a viewer.
 */
export function AlbumPhotoActions({ album, selectedIds, othersSelected, onDone }: AlbumPhotoActionsProps) {
  const removeFromAlbum = useRemoveFromAlbum();
  const updateAlbum = useUpdateAlbum(album.id);

  const remove = () =>
    removeFromAlbum.mutate(
      { albumId: album.id, imageIds: selectedIds },
      {
        onSuccess: ({ changed }) => onDone({ text: `Removed ${plural(changed, "photo")} from ${album.title}`, album }),
      },
    );
  const useAsCover = () =>
    updateAlbum.mutate(
      { cover: selectedIds[0] },
      { onSuccess: () => onDone({ text: `The cover of ${album.title} is changed`, album }) },
    );

  const mayChooseCover = isOwner(album);
  const mayRemove = canRemovePhotos(album, othersSelected);
  if (!mayChooseCover && !mayRemove) return null;

  return (
    <span className={styles.actions}>
      {mayChooseCover && (
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={useAsCover}
          disabled={selectedIds.length !== 1 || updateAlbum.isPending}
          title={selectedIds.length === 1 ? undefined : "Select one photo to use it as the cover"}
        >
          Use as cover
        </button>
      )}
      {mayRemove && (
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={remove}
          disabled={removeFromAlbum.isPending}
        >
          Remove from album
        </button>
      )}
      {removeFromAlbum.isError && <Alert error={removeFromAlbum.error} />}
      {updateAlbum.isError && <Alert error={updateAlbum.error} />}
    </span>
  );
}
