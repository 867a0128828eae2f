import { useEffect, useState, type MouseEvent, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { Pager, pageCountOf } from "@/components/pager";
import { ApiError } from "@/lib/api-client";
import { formatPercent, plural, quotedQuery } from "@/lib/format";
import type { GalleryFilters, GallerySearch } from "../api/get-images";
import { GALLERY_PAGE_SIZE, searchRefusal, useAllPhotos, useImages } from "../api/get-images";
import type { ListedPhoto } from "../hooks/use-others-photos";
import { dateRangeText } from "../utils/date-range";
import { OPENED_IN_APP } from "../utils/photo-view-state";
import { ExportMenu } from "./export-menu";
import styles from "./gallery.module.css";
import { ImageCard } from "./image-card";
import { ACCEPTED_FORMATS_TEXT, UploadButton } from "./upload-button";
import { Spinner } from "@/components/spinner";

type GalleryProps = {
  filters: GalleryFilters;
  onPageChange: (page: number) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string, pageIds: string[], extendRange: boolean) => void;
  /** Selects these photos (each with whether it is yours). */
  onSelectAll: (photos: ListedPhoto[]) => void;
  /** How many of the selected photos are someone else's: an export takes only your own. */
  othersSelected?: number;
  onFiles: (files: File[]) => void;
  /**
   * What the selected photos can do: the bar that runs a task on them (and the album actions beside it). The bar
   * shows fixed at the bottom of the screen, but comes right after "Select all on this page" in the page's order,
   * so that the keyboard reaches it without going through every photo.
   */
  selectionBar?: ReactNode;
};

/** Where the skip link to the photos leads: the gallery's heading, just before its controls. */
export const GALLERY_HEADING_ID = "gallery-heading";

/** "All photos", "Photos with “person”", "Photos matching “cat -dog”": what the gallery shows. */
export function galleryHeading({ query, label, album }: Pick<GallerySearch, "query" | "label" | "album">): string {
  if (query && label) return `Photos with “${label}” matching ${quotedQuery(query)}`;
  if (query) return `Photos matching ${quotedQuery(query)}`;
  if (label) return `Photos with “${label}”`;
  return album ? "Photos in this album" : "All photos";
}

export function Gallery({
  filters,
  onPageChange,
  selected,
  onToggle,
  onSelectAll,
  onFiles,
  othersSelected = 0,
  selectionBar,
}: GalleryProps) {
  const images = useImages(filters);
  // While another search loads, the photos of the last one stay, dimmed, under their own heading and count: the
  // new heading comes with its own photos.
  const [shownFilters, setShownFilters] = useState(filters);
  if (!images.isPlaceholderData && shownFilters !== filters) setShownFilters(filters);
  const shown = images.isPlaceholderData ? shownFilters : filters;
  const allPhotos = useAllPhotos();
  const navigate = useNavigate();
  const { search } = useLocation();

  const pageIsGone = images.error instanceof ApiError && images.error.status === 404 && filters.page > 1;
  useEffect(() => {
    if (pageIsGone) onPageChange(1);
  }, [pageIsGone, onPageChange]);

  const heading = galleryHeading(shown);
  const dates = dateRangeText(shown.takenAfter, shown.takenBefore);
  // A query the API refused is explained under the search box, where it can be fixed.
  const refused = searchRefusal(images.error, filters) !== null;
  // What the gallery searches for, page aside: "Select all" and Export take the same.
  const photoSearch: GallerySearch = {
    query: filters.query,
    label: filters.label,
    minConfidence: filters.minConfidence,
    takenAfter: filters.takenAfter,
    takenBefore: filters.takenBefore,
    album: filters.album,
  };
  const results = images.data?.results ?? [];
  const pageIds = results.map((image) => image.id);
  const allOnPageSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const total = images.data?.count ?? 0;
  // More photos than this page shows: offer them all, their ids read from the list a large page at a time.
  const offerAll = total > pageIds.length && selected.size < total;

  return (
    <section className={styles.gallery} aria-labelledby={GALLERY_HEADING_ID}>
      <div className={styles.toolbar}>
        <h2 id={GALLERY_HEADING_ID} className={styles.title} tabIndex={-1} title={heading}>
          {heading}
        </h2>
        {images.data && <span className={styles.count}>{plural(images.data.count, "photo")}</span>}
        {dates && <span className={styles.count}>· taken {dates}</span>}
        {images.isPlaceholderData && (
          <span className={styles.loading} role="status">
            <Spinner />
            Loading…
          </span>
        )}
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small", className: styles.selectAll })}
          onClick={() => onSelectAll(results)}
          disabled={pageIds.length === 0 || allOnPageSelected}
        >
          Select all on this page
        </button>
        {selectionBar}
        {offerAll && (
          <button
            type="button"
            className={buttonClass({ variant: "ghost", size: "small" })}
            onClick={() => allPhotos.mutate(photoSearch, { onSuccess: onSelectAll })}
            disabled={allPhotos.isPending}
          >
            {allPhotos.isPending ? "Selecting…" : `Select all ${plural(total, "photo")}`}
          </button>
        )}
        {/* A search the API refused cannot be exported either, nor an album (exports take no album); the selection
        still can, unless it holds someone else's photos. */}
        {((!refused && !filters.album) || (selected.size > 0 && othersSelected === 0)) && (
          <ExportMenu selectedIds={[...selected]} search={photoSearch} total={images.data?.count} />
        )}
      </div>

      {allPhotos.isError && <Alert error={allPhotos.error} />}
      {images.isError && !pageIsGone && !refused && <Alert error={images.error} />}
      {refused && <p className="muted">Change the search above to see photos.</p>}
      {images.isPending && <p className="muted">Loading photos…</p>}

      {images.data?.count === 0 &&
        (shown.query ? (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>No photos match {quotedQuery(shown.query)}</p>
            <p>
              Nothing matches every term at {formatPercent(shown.minConfidence)} confidence or more
              {shown.label && ` among the photos with “${shown.label}”`}
              {dates && ` in the photos taken ${dates}`}. Try fewer terms, a broader word (“animal”, “vehicle”) or a
              lower minimum confidence.
            </p>
          </div>
        ) : shown.label ? (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>No photos with “{shown.label}”</p>
            <p>
              Nothing was found at {formatPercent(shown.minConfidence)} confidence or more
              {dates && ` in the photos taken ${dates}`}. Try a lower minimum confidence or another object.
            </p>
          </div>
        ) : dates ? (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>No photos taken {dates}</p>
            <p>Try other dates. Photos without a date count by the day they were uploaded.</p>
          </div>
        ) : shown.album ? (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>No photos in this album yet</p>
            <p>Select photos in the library and choose Add to album.</p>
          </div>
        ) : (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>Your library is empty</p>
            <p>Drop photos anywhere on this page, or choose files to upload. {ACCEPTED_FORMATS_TEXT} work.</p>
            <UploadButton onFiles={onFiles} text="Choose files" />
            <p className="muted">
              Then select photos and run detection to find people, pets, cars and much more in them.
            </p>
          </div>
        ))}

      {results.length > 0 && (
        <ul className={styles.grid} aria-label="Photos" aria-busy={images.isPlaceholderData}>
          {results.map((image) => (
            <ImageCard
              key={image.id}
              image={image}
              selected={selected.has(image.id)}
              minConfidence={shown.minConfidence}
              showMatches={Boolean(shown.query)}
              openHref={`/photos/${image.id}${search}`}
              onToggle={(event: MouseEvent) => onToggle(image.id, pageIds, event.shiftKey)}
              onOpen={() => void navigate(`/photos/${image.id}${search}`, { state: OPENED_IN_APP })}
            />
          ))}
        </ul>
      )}

      {images.data && (
        <Pager
          label="Gallery pages"
          page={filters.page}
          pageCount={pageCountOf(images.data.count, GALLERY_PAGE_SIZE)}
          hasPrevious={Boolean(images.data.previous)}
          hasNext={Boolean(images.data.next)}
          onPageChange={onPageChange}
        />
      )}
    </section>
  );
}
