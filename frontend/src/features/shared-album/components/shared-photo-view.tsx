import { useCallback, useId } from "react";
import { useLocation, useNavigate, useOutletContext, useParams } from "react-router";
import { buttonClass } from "@/components/button";
import { Modal } from "@/components/modal";
import { formatDate } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import { SHARED_PAGE_SIZE, useSharedAlbum } from "../api/get-shared-album";
import { sharedAlbumPath, sharedPhotoName, sharedPhotoPath, wasOpenedFromGrid } from "../utils/shared-photo-path";
import type { SharedPhotoViewContext } from "./shared-album-page";
import styles from "./shared-photo-view.module.css";

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

/**
 * A photo of a shared album, over its grid: the photo at screen size, ← and → through the page, Download where the
 * link lets the originals be saved, Escape or ✕ to close.
 */
export function SharedPhotoView() {
  const { photoId = "" } = useParams();
  const { token, page } = useOutletContext<SharedPhotoViewContext>();
  const location = useLocation();
  const { search } = location;
  const state: unknown = location.state;
  const navigate = useNavigate();
  const shared = useSharedAlbum(token, page);
  const titleId = useId();

  const photos = shared.data?.results ?? [];
  const index = photos.findIndex((photo) => photo.id === photoId);
  const photo = index >= 0 ? photos[index] : undefined;
  const previousId = index > 0 ? photos[index - 1].id : undefined;
  const nextId = index >= 0 ? photos[index + 1]?.id : undefined;
  const count = shared.data?.album.photo_count ?? 0;
  const name = photo ? sharedPhotoName((page - 1) * SHARED_PAGE_SIZE + index + 1, count) : "Photo";
  useDocumentTitle(name);

  // Opened from the grid, on an entry of its own: going back closes it. Opened from an address: the grid replaces it.
  const close = useCallback(() => {
    if (wasOpenedFromGrid(state)) void navigate(-1);
    else void navigate(sharedAlbumPath(token, search), { replace: true });
  }, [navigate, state, token, search]);
  const show = useCallback(
    (id: string | undefined) => {
      if (id) void navigate(sharedPhotoPath(token, id, search), { replace: true, state });
    },
    [navigate, token, search, state],
  );
  const step = useCallback(
    (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      if (event.key === "ArrowLeft") show(previousId);
      else if (event.key === "ArrowRight") show(nextId);
    },
    [show, previousId, nextId],
  );

  return (
    <Modal labelledBy={titleId} onClose={close} onKeyDown={step} className={styles.dialog}>
      <header className={styles.header}>
        <div className={styles.heading}>
          <h2 id={titleId} className={styles.title}>
            {name}
          </h2>
          {photo?.taken_at && (
            <time className={styles.taken} dateTime={photo.taken_at}>
              Taken {formatDate(photo.taken_at)}
            </time>
          )}
        </div>
        <div className={styles.actions}>
          <button
            type="button"
            className={buttonClass({ variant: "ghost", size: "icon" })}
            onClick={() => show(previousId)}
            disabled={!previousId}
            aria-label="Previous photo"
          >
            ←
          </button>
          <button
            type="button"
            className={buttonClass({ variant: "ghost", size: "icon" })}
            onClick={() => show(nextId)}
            disabled={!nextId}
            aria-label="Next photo"
          >
            →
          </button>
          {photo?.file_url && (
            <a className={buttonClass({ variant: "ghost", size: "small" })} href={photo.file_url} download>
              Download
            </a>
          )}
          <button
            type="button"
            className={buttonClass({ variant: "ghost", size: "icon" })}
            onClick={close}
            aria-label="Close"
            autoFocus
          >
            ✕
          </button>
        </div>
      </header>
      {shared.isPending && <p className={`muted ${styles.note}`}>Loading photo…</p>}
      {shared.data && !photo && <p className={`muted ${styles.note}`}>This photo is not in the album any more.</p>}
      {photo && (
        <img
          key={photo.id}
          className={styles.image}
          src={photo.preview_url}
          alt={name}
          width={photo.width}
          height={photo.height}
        />
      )}
    </Modal>
  );
}
