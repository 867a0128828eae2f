import { useEffect, useId, useState } from "react";
import { Alert } from "@/components/alert";
import { Panel } from "@/components/panel";
import { formatPercent, GALLERY_CONFIDENCE_HINT, KEPT_FROM, plural } from "@/lib/format";
import { labelColor } from "@/lib/label-color";
import { useMediaQuery } from "@/lib/use-media-query";
import type { CSSProperties, ReactNode } from "react";
import type { GallerySearch } from "../api/get-images";
import { useLabels } from "../api/get-labels";
import { dateRangeText } from "../utils/date-range";
import { DateRangeFilter } from "./date-range-filter";
import styles from "./label-filter.module.css";

const SLIDER_SETTLE_MS = 250;
const SEARCH_TITLE = "Search your photos";
/** Below this width the filters fold away behind a "Filters" disclosure, so the photos come first. */
export const NARROW_SCREEN = "(max-width: 700px)";

type LabelFilterProps = {
  label: string | null;
  minConfidence: number;
  takenAfter?: string | null;
  takenBefore?: string | null;
  onChange: (change: Partial<GallerySearch>) => void;
  /** The library has no photo yet: there is nothing to search until some are uploaded. */
  libraryIsEmpty?: boolean;
  /** The search box, first in the panel; on a narrow screen, above the folded filters, always in view. */
  search?: ReactNode;
};

/**
 * Search the photos: the search box (given), one button per detected class, with how many photos have it (said
 * in photos: a task's chips count objects), the
 * minimum confidence the whole gallery uses, and the days they were taken between. On a narrow screen all but
 * the search box is folded into a "Filters" disclosure.
 */
export function LabelFilter(props: LabelFilterProps) {
  const narrow = useMediaQuery(NARROW_SCREEN);
  const headingId = useId();
  if (!narrow) return <LabelFilterPanel {...props} />;
  const { label, minConfidence, takenAfter, takenBefore, search } = props;
  const dates = dateRangeText(takenAfter, takenBefore);
  // One heading for the whole search, for those who find their way by headings; the folded panel has none of its
  // own, its summary ("Filters") saying what it is.
  return (
    <section className={styles.narrow} aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        {SEARCH_TITLE}
      </h2>
      {search}
      <details className={styles.disclosure}>
        <summary className={styles.summary}>
          Filters{" "}
          <span className="muted">
            · {label ? `“${label}”` : "all photos"} at ≥ {formatPercent(minConfidence)}
            {dates && ` · taken ${dates}`}
          </span>
        </summary>
        <LabelFilterPanel {...props} search={undefined} folded />
      </details>
    </section>
  );
}

function LabelFilterPanel({
  label,
  minConfidence,
  takenAfter = null,
  takenBefore = null,
  onChange,
  libraryIsEmpty = false,
  search,
  folded = false,
}: LabelFilterProps & { folded?: boolean }) {
  const [sliderValue, setSliderValue] = useState(minConfidence);
  const hintId = useId();
  const [settledValue, setSettledValue] = useState(minConfidence);
  const labels = useLabels(minConfidence);

  // The slider follows a minimum confidence set from elsewhere (the address, a reset).
  if (settledValue !== minConfidence) {
    setSettledValue(minConfidence);
    setSliderValue(minConfidence);
  }
  useEffect(() => {
    if (sliderValue === minConfidence) return;
    const timer = setTimeout(() => onChange({ minConfidence: sliderValue }), SLIDER_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [sliderValue, minConfidence, onChange]);

  const options = labels.data ?? [];
  const selectedIsListed = !label || options.some((option) => option.label === label);

  return (
    <Panel
      title={folded ? undefined : SEARCH_TITLE}
      label={folded ? "Filters" : undefined}
      headerExtra={
        <label className={styles.confidence} title={GALLERY_CONFIDENCE_HINT}>
          <span>Min. confidence</span>
          <input
            type="range"
            min={KEPT_FROM}
            max={0.95}
            step={0.05}
            value={sliderValue}
            onChange={(event) => setSliderValue(Number(event.target.value))}
            aria-valuetext={formatPercent(sliderValue)}
            aria-describedby={hintId}
          />
          <span id={hintId} className="visually-hidden">
            {GALLERY_CONFIDENCE_HINT}
          </span>
          <output className={styles.confidenceValue}>{formatPercent(sliderValue)}</output>
        </label>
      }
    >
      {search}
      {labels.isError && <Alert error={labels.error} />}
      <div className={styles.labels} role="group" aria-label="Filter by object">
        <button type="button" className={styles.chip} aria-pressed={!label} onClick={() => onChange({ label: null })}>
          All photos
        </button>
        {options.map((option) => (
          <button
            key={option.label}
            type="button"
            className={styles.chip}
            style={{ "--chip-color": labelColor(option.label) } as CSSProperties}
            aria-pressed={label === option.label}
            onClick={() => onChange({ label: label === option.label ? null : option.label })}
          >
            {option.label} <span className={styles.count}>{plural(option.count, "photo")}</span>
          </button>
        ))}
        {!selectedIsListed && label && (
          <button type="button" className={styles.chip} aria-pressed onClick={() => onChange({ label: null })}>
            {label} <span className={styles.count}>0 photos</span>
          </button>
        )}
      </div>
      {labels.isSuccess &&
        options.length === 0 &&
        (libraryIsEmpty ? (
          <p className="muted">No photos yet. Upload some, then run detection to search them by what is in them.</p>
        ) : (
          <p className="muted">
            Nothing found yet at this confidence. Select photos and run detection to search them by what is in them.
          </p>
        ))}
      <DateRangeFilter takenAfter={takenAfter} takenBefore={takenBefore} onChange={onChange} />
    </Panel>
  );
}
