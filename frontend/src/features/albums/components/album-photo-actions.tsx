import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { plural } from "@/lib/format";
import { useRemoveFromAlbum } from "../api/album-photos";
import type { Album } from "../api/get-albums";
import { useUpdateAlbum } from "../api/update-album";
import type { AlbumNotice } from "../utils/album-notice";
import styles from "./album-photo-actions.module.css";

type AlbumPhotoActionsProps = { album: Album; selectedIds: string[]; onDone: (notice: AlbumNotice) => void };

/**
 * What the selected photos of an album can do there: one becomes its cover; in an album of chosen photos, they
 * leave it (and stay in the library).
 */
export function AlbumPhotoActions({ album, selectedIds, onDone }: AlbumPhotoActionsProps) {
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

  return (
    <span className={styles.actions}>
      <button
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        onClick={useAsCover}
        disabled={selectedIds.length !== 1 || updateAlbum.isPending}
        title={selectedIds.length === 1 ? undefined : "Select one photo to use it as the cover"}
      >
        Use as cover
      </button>
      {!album.live && (
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
