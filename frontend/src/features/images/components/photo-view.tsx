import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useLocation, useNavigate, useOutletContext, useParams } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { keepTabWithin } from "@/lib/focus-trap";
import { defaultModel, useModels } from "@/lib/models";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { ImageWithDetections } from "@/types/api";
import { useDeleteImage } from "../api/delete-image";
import { useImage } from "../api/get-image";
import { useImages } from "../api/get-images";
import { useGalleryFilters } from "../hooks/use-gallery-filters";
import { openLinkId, wasOpenedInApp } from "../utils/photo-view-state";
import { matchedLines } from "../utils/text-lines";
import { DetectionViewer } from "./detection-viewer";
import { PhotoFacts } from "./photo-facts";
import styles from "./photo-view.module.css";

export type PhotoViewContext = { onImageDeleted: (imageId: string) => void };

type PhotoViewProps = {
  /** Drawn over the photo besides its objects, by a feature the app composes in (the faces, by People). */
  renderOverlay?: (image: ImageWithDetections) => ReactNode;
};

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))
  );
}

type DeletePhotoProps = { disabled: boolean; deleting: boolean; onDelete: () => void };

/**
 * "Delete", then in its place "Move this photo to the trash? Move to trash · Keep", saying for how long the Trash
 * can restore it. The focus goes along, never to the page: to Keep, the safe answer, and back to Delete when the
 * photo is kept.
 */
function DeletePhoto({ disabled, deleting, onDelete }: DeletePhotoProps) {
  const [step, setStep] = useState<"idle" | "confirming" | "kept">("idle");
  const questionId = useId();
  const hintId = useId();

  if (step === "confirming") {
    return (
      <span className={styles.confirm} role="group" aria-labelledby={questionId} aria-describedby={hintId}>
        <span id={questionId}>Move this photo to the trash?</span>
        <span id={hintId} className={styles.hint}>
          It can be restored from the Trash for 30 days.
        </span>
        <button
          type="button"
          className={buttonClass({ variant: "danger", size: "small" })}
          onClick={onDelete}
          disabled={deleting}
        >
          Move to trash
        </button>
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={() => setStep("kept")}
          autoFocus
        >
          Keep
        </button>
      </span>
    );
  }
  return (
    <button
      type="button"
      className={buttonClass({ variant: "ghost", size: "small" })}
      onClick={() => setStep("confirming")}
      disabled={disabled}
      autoFocus={step === "kept"}
    >
      Delete
    </button>
  );
}

/** Scrolls an element to the middle of the screen, unless it is in view already. */
function bringIntoView(element: Element) {
  const { top, bottom } = element.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) element.scrollIntoView({ block: "center" });
}

/**
 * A photo over the gallery: Escape closes it, ← and → step through the current gallery page, Tab goes round its
 * controls and never leaves it. Closing it gives the focus back to what opened it (a card's Open link), or to the
 * card of the photo it was stepped to, brought into view; and leaves no history entry that would open it again.
 */
export function PhotoView({ renderOverlay }: PhotoViewProps = {}) {
  const { imageId = "" } = useParams();
  const location = useLocation();
  const { search } = location;
  const state: unknown = location.state;
  const navigate = useNavigate();
  const { onImageDeleted } = useOutletContext<PhotoViewContext>();
  const { filters } = useGalleryFilters();
  const image = useImage(imageId);
  // Only to show the default model's boxes first; without the list, the viewer shows the first model's.
  const standardModel = defaultModel(useModels().data)?.name;
  const page = useImages(filters).data?.results ?? [];
  const pageIds = page.map((item) => item.id);
  // Opened from a search: the lines of text it matched in this photo, as its card said.
  const searchedLines = matchedLines(page.find((item) => item.id === imageId)?.matches ?? []);
  const deleteImage = useDeleteImage();
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const closing = useRef(false);
  // What had the focus when the view opened, before the view took it, and the photo it opened.
  const [opener] = useState(() => document.activeElement);
  const [openedId] = useState(imageId);
  const shownId = useRef(imageId);

  const position = pageIds.indexOf(imageId);
  const previousId = position > 0 ? pageIds[position - 1] : undefined;
  const nextId = position >= 0 ? pageIds[position + 1] : undefined;

  // Opened from the gallery, on an entry of its own: going back to the gallery's entry closes it. Opened from an
  // address (a bookmark, a pasted link): the gallery replaces it. Only once, however often Escape is pressed.
  const close = () => {
    if (closing.current) return;
    closing.current = true;
    if (wasOpenedInApp(state)) void navigate(-1);
    else void navigate(`/${search}`, { replace: true });
  };
  const show = (id: string | undefined) => {
    if (id) void navigate(`/photos/${id}${search}`, { replace: true, state });
  };

  useEffect(() => {
    shownId.current = imageId;
    closeButton.current?.focus();
  }, [imageId]);

  // Once closed (the page behind no longer inert), the focus goes back to what opened the view, or to the card of
  // the photo shown last if that is another one, in view.
  useEffect(
    () => () => {
      const lastShown = shownId.current;
      const card = lastShown === openedId ? null : document.getElementById(openLinkId(lastShown));
      const target = card ?? opener;
      if (!(target instanceof HTMLElement)) return;
      target.focus({ preventScroll: true });
      bringIntoView(target);
    },
    [opener, openedId],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
      else if (event.key === "Tab" && dialog.current) keepTabWithin(event, dialog.current);
      else if (event.key === "ArrowLeft" && !isTyping(event.target)) show(previousId);
      else if (event.key === "ArrowRight" && !isTyping(event.target)) show(nextId);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  });

  const remove = () =>
    deleteImage.mutate(imageId, {
      onSuccess: () => {
        onImageDeleted(imageId);
        if (nextId ?? previousId) show(nextId ?? previousId);
        else close();
      },
    });

  const title = image.data?.filename ?? "Photo";
  useDocumentTitle(image.data ? `Photo: ${image.data.filename}` : "Photo");

  return (
    <div className={styles.modal} onClick={(event) => event.target === event.currentTarget && close()}>
      <div ref={dialog} className={styles.dialog} role="dialog" aria-modal="true" aria-labelledby="photo-title">
        <header className={styles.header}>
          <div className={styles.heading}>
            <h2 id="photo-title" className={styles.title} title={title}>
              {title}
            </h2>
            {image.data && <PhotoFacts image={image.data} />}
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
            {/* Someone else's photo, seen through an album shared with you, is theirs to delete. */}
            {image.data?.yours !== false && (
              <DeletePhoto key={imageId} disabled={!image.data} deleting={deleteImage.isPending} onDelete={remove} />
            )}
            <button
              ref={closeButton}
              type="button"
              className={buttonClass({ variant: "ghost", size: "icon" })}
              onClick={close}
              aria-label="Close"
            >
              ✕
            </button>
          </div>
        </header>
        {deleteImage.isError && <Alert error={deleteImage.error} />}
        {image.isError && <Alert error={image.error} />}
        {image.isPending && <p className={`muted ${styles.loading}`}>Loading photo…</p>}
        {image.data && (
          <DetectionViewer
            key={image.data.id}
            image={image.data}
            initialMinConfidence={filters.minConfidence}
            defaultModel={standardModel}
            matchedLines={searchedLines}
            overlay={renderOverlay?.(image.data)}
          />
        )}
      </div>
    </div>
  );
}
