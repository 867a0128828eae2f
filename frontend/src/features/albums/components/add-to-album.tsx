import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { plural } from "@/lib/format";
import { useAddToAlbum } from "../api/album-photos";
import { useAlbumsToAddTo, type Album } from "../api/get-albums";
import type { AlbumNotice } from "../utils/album-notice";
import { canAddPhotos, isOwner } from "../utils/roles";
import { NewAlbumForm } from "./new-album-form";
import styles from "./add-to-album.module.css";

type AddToAlbumProps = { selectedIds: string[]; onAdded: (notice: AlbumNotice) => void };

/**
 * "Add to album": a menu of the albums of chosen photos you may add to (yours, and those shared with you as a
 * contributor; a live album's photos are its search's), and "New album…", which creates one holding the selected
 * photos.
 */
export function AddToAlbum({ selectedIds, onAdded }: AddToAlbumProps) {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const albums = useAlbumsToAddTo(open);
  const addToAlbum = useAddToAlbum();
  const menu = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const dialogId = useId();
  const titleId = useId();

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  const close = () => {
    setOpen(false);
    setCreating(false);
    toggle.current?.focus();
  };

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    close();
  };

  const addTo = (album: Album) =>
    addToAlbum.mutate(
      { albumId: album.id, imageIds: selectedIds },
      { onSuccess: ({ changed }) => onAdded({ text: `Added ${plural(changed, "photo")} to ${album.title}`, album }) },
    );

  const created = (album: Album) =>
    onAdded({ text: `Added ${plural(album.photo_count, "photo")} to ${album.title}`, album });

  const chosen = (albums.data?.results ?? []).filter(canAddPhotos);

  return (
    <div className={styles.menu} ref={menu} onKeyDown={closeOnEscape}>
      <button
        ref={toggle}
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        aria-haspopup="dialog"
        onClick={() => (open ? close() : setOpen(true))}
      >
        Add to album
      </button>
      {open && (
        <div id={dialogId} className={styles.popover} role="dialog" aria-labelledby={titleId}>
          <h3 id={titleId} className={styles.title}>
            Add {plural(selectedIds.length, "photo")} to an album
          </h3>
          {albums.isPending && (
            <p className={styles.loading} role="status">
              <Spinner />
              Loading your albums…
            </p>
          )}
          {albums.isError && <Alert error={albums.error} />}
          {chosen.length > 0 && (
            <ul className={styles.albums} aria-label="Albums to add to">
              {chosen.map((album) => (
                <li key={album.id}>
                  <button
                    type="button"
                    className={styles.album}
                    onClick={() => addTo(album)}
                    disabled={addToAlbum.isPending}
                  >
                    <span className={styles.albumTitle}>{album.title}</span>
                    <span className={styles.albumCount}>
                      {plural(album.photo_count, "photo")}
                      {!isOwner(album) && ` · ${album.owner}’s`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {addToAlbum.isError && <Alert error={addToAlbum.error} />}
          {creating ? (
            <NewAlbumForm
              contents={{ image_ids: selectedIds }}
              onCreated={created}
              onCancel={() => setCreating(false)}
            />
          ) : (
            <button
              type="button"
              className={buttonClass({ variant: "ghost", size: "small" })}
              onClick={() => setCreating(true)}
              autoFocus={chosen.length === 0}
            >
              New album…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
