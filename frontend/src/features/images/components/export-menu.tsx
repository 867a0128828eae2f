import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { buttonClass } from "@/components/button";
import { formatPercent, plural, quotedQuery } from "@/lib/format";
import type { ExportFormat } from "@/types/api";
import { MOST_PHOTOS_BY_ID, exportFilename, exportUrl } from "../api/export-url";
import type { GallerySearch } from "../api/get-images";
import { dateRangeText } from "../utils/date-range";
import styles from "./export-menu.module.css";
import { Spinner } from "@/components/spinner";

/** How long "Preparing your export…" shows: the browser's own download list takes over from there. */
export const PREPARING_MS = 6000;

const FORMATS: { value: ExportFormat; title: string; hint: string }[] = [
  { value: "csv", title: "CSV spreadsheet", hint: "detections.csv, one row per object found" },
  { value: "coco", title: "COCO JSON", hint: "instances.json, for COCO tools" },
  { value: "yolo", title: "YOLO", hint: "a label file per photo, and data.yaml" },
];

type ExportMenuProps = {
  selectedIds: readonly string[];
  search: GallerySearch;
  /** How many photos the search finds, once known. */
  total: number | undefined;
};

/**
 * Hands the export to the browser through a hidden `<a download>`: the browser streams the zip straight to
 * disk (the session cookie authenticates the GET) and shows its progress in its own download list, however
 * large the export. Reading it with fetch would hold the whole zip in memory first. The price: the page cannot
 * tell when the download starts, so it says "Preparing your export…" for a few seconds instead.
 */
export function startDownload(url: string, filename: string) {
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = filename;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/** What the export takes: "3 selected photos", "all 120 photos", "the 2 photos with “person”, taken …". */
export function exportScopeText(selectedCount: number, search: GallerySearch, total: number | undefined): string {
  if (selectedCount > 0) return plural(selectedCount, "selected photo");
  const dates = dateRangeText(search.takenAfter, search.takenBefore);
  if (!search.query && !search.label && !dates)
    return total === undefined ? "all your photos" : `all ${plural(total, "photo")}`;
  const photos = total === undefined ? "the photos" : `the ${plural(total, "photo")}`;
  return [
    photos,
    search.label && `with “${search.label}”`,
    search.query && `matching ${quotedQuery(search.query)}`,
    dates && `taken ${dates}`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** "Export": the selection when photos are selected, else the gallery's search, in the format picked. */
export function ExportMenu({ selectedIds, search, total }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>("csv");
  const [withPhotos, setWithPhotos] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const dialogId = useId();
  const titleId = useId();

  const tooMany = selectedIds.length > MOST_PHOTOS_BY_ID;
  const nothing = selectedIds.length === 0 && total === 0;

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  useEffect(() => {
    if (!preparing) return;
    const timer = setTimeout(() => setPreparing(false), PREPARING_MS);
    return () => clearTimeout(timer);
  }, [preparing]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    close();
  };

  const download = (event: FormEvent) => {
    event.preventDefault();
    if (tooMany || nothing) return;
    startDownload(exportUrl({ format, withPhotos, selectedIds, search }), exportFilename(format));
    setPreparing(true);
    close();
  };

  return (
    <div className={styles.menu} ref={menu} onKeyDown={closeOnEscape}>
      <button
        ref={toggle}
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen((current) => !current)}
        disabled={nothing && !open}
        title={nothing ? "There are no photos to export" : undefined}
      >
        Export
      </button>
      {preparing && (
        <p className={styles.preparing} role="status">
          <Spinner />
          Preparing your export… your browser will show it downloading.
        </p>
      )}
      {open && (
        <div id={dialogId} className={styles.popover} role="dialog" aria-labelledby={titleId}>
          <form className={styles.form} onSubmit={download}>
            <h3 id={titleId} className={styles.title}>
              Export {exportScopeText(selectedIds.length, search, total)}
            </h3>
            <fieldset className={styles.formats}>
              <legend className={styles.legend}>Format</legend>
              {FORMATS.map((option) => (
                <label key={option.value} className={styles.format}>
                  <input
                    type="radio"
                    name="export-format"
                    value={option.value}
                    checked={format === option.value}
                    onChange={() => setFormat(option.value)}
                    autoFocus={format === option.value}
                  />
                  <span>
                    {option.title}
                    <span className={styles.hint}>{option.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <label className={styles.format}>
              <input type="checkbox" checked={withPhotos} onChange={(event) => setWithPhotos(event.target.checked)} />
              <span>Include the original photos</span>
            </label>
            <p className="muted">Objects found at ≥ {formatPercent(search.minConfidence)} confidence.</p>
            {tooMany && (
              <p className={styles.warning}>
                An export takes up to {MOST_PHOTOS_BY_ID} selected photos. Clear the selection to export your search
                instead.
              </p>
            )}
            {nothing && <p className={styles.warning}>There are no photos to export.</p>}
            <div className={styles.actions}>
              <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={close}>
                Cancel
              </button>
              <button
                type="submit"
                className={buttonClass({ variant: "primary", size: "small" })}
                disabled={tooMany || nothing}
              >
                Download
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
