import { useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { buttonClass } from "@/components/button";
import { formatPercent } from "@/lib/format";
import { labelColor } from "@/lib/label-color";
import type { Detection, ImageWithDetections } from "@/types/api";
import { estimateTagSize, placeTags, type Size } from "../utils/place-tags";
import styles from "./detection-viewer.module.css";

type DetectionViewerProps = {
  image: ImageWithDetections;
  /** Where the slider starts: the gallery's minimum confidence, so both show the same objects. */
  initialMinConfidence: number;
};

function describe(detection: Detection): string {
  return `${detection.label}, ${formatPercent(detection.confidence)} confidence`;
}

function tagText(detection: Detection): string {
  return `${detection.label} ${formatPercent(detection.confidence)}`;
}

function detectionKey({ label, confidence, box }: Detection): string {
  return `${label}:${confidence}:${box.x_min}:${box.y_min}:${box.x_max}:${box.y_max}`;
}

/** "chelsea.png" → "chelsea-annotated.jpg": the annotated download is a JPEG named after the photo. */
export function annotatedFilename(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  return `${stem || "photo"}-annotated.jpg`;
}

/** The annotated-image download, drawing only what the viewer currently shows. */
function annotatedUrl(
  imageId: string,
  minConfidence: number,
  labels: string[],
  hiddenLabels: ReadonlySet<string>,
): string {
  const query = new URLSearchParams({ min_confidence: String(minConfidence) });
  if (hiddenLabels.size > 0) query.set("classes", labels.filter((label) => !hiddenLabels.has(label)).join(","));
  return `/api/images/${imageId}/annotated?${query}`;
}

/** The size the photo is shown at, in CSS pixels; its own pixel size until it has been laid out. */
function useShownSize(image: ImageWithDetections) {
  const ref = useRef<HTMLImageElement>(null);
  const [shown, setShown] = useState<Size | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) setShown({ width, height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, size: shown ?? { width: image.width, height: image.height } };
}

/** What the viewer says when no box is drawn: nothing found at this level, or never examined. */
export function nothingShownText(image: ImageWithDetections, minConfidence: number): string {
  const model = image.analysed_by ?? image.detections[0]?.model;
  if (!model) return "Not analysed yet. Select this photo in the gallery and run a task to find what is in it.";
  return `No objects found by ${model} at ≥ ${formatPercent(minConfidence)}.`;
}

/** The photo with its detections drawn on top, plus live filters by confidence and class. */
export function DetectionViewer({ image, initialMinConfidence }: DetectionViewerProps) {
  const [minConfidence, setMinConfidence] = useState(initialMinConfidence);
  const [hiddenLabels, setHiddenLabels] = useState<ReadonlySet<string>>(new Set());
  const photo = useShownSize(image);

  const labels = useMemo(
    () => [...new Set(image.detections.map((detection) => detection.label))].sort((a, b) => a.localeCompare(b)),
    [image.detections],
  );
  const sure = image.detections.filter((detection) => detection.confidence >= minConfidence);
  const countAtMin = (label: string) => sure.filter((detection) => detection.label === label).length;
  const visible = sure
    .filter((detection) => !hiddenLabels.has(detection.label))
    .sort((a, b) => b.confidence - a.confidence);

  const area = photo.size;
  const tagSpots = placeTags(
    visible.map((detection) => ({
      box: {
        x: detection.box.x_min * area.width,
        y: detection.box.y_min * area.height,
        width: (detection.box.x_max - detection.box.x_min) * area.width,
        height: (detection.box.y_max - detection.box.y_min) * area.height,
      },
      size: estimateTagSize(tagText(detection)),
    })),
    area,
  );

  const toggleLabel = (label: string) => {
    setHiddenLabels((current) => {
      const next = new Set(current);
      if (next.has(label)) next.delete(label);
      else next.add(label);
      return next;
    });
  };

  return (
    <div className={styles.viewer}>
      <figure className={styles.stage}>
        <img
          ref={photo.ref}
          className={styles.image}
          src={image.file_url}
          alt={image.filename}
          width={image.width}
          height={image.height}
        />
        <svg className={styles.boxes} viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
          {visible.map((detection) => (
            <rect
              key={detectionKey(detection)}
              data-testid="detection-box"
              x={detection.box.x_min}
              y={detection.box.y_min}
              width={detection.box.x_max - detection.box.x_min}
              height={detection.box.y_max - detection.box.y_min}
              stroke={labelColor(detection.label)}
              vectorEffect="non-scaling-stroke"
            />
          ))}
        </svg>
        {visible.map((detection, index) => (
          <span
            key={detectionKey(detection)}
            role="img"
            aria-label={describe(detection)}
            className={styles.tag}
            style={
              {
                left: `${(tagSpots[index].x / area.width) * 100}%`,
                top: `${(tagSpots[index].y / area.height) * 100}%`,
                "--tag-color": labelColor(detection.label),
              } as CSSProperties
            }
          >
            {tagText(detection)}
          </span>
        ))}
      </figure>

      <div className={styles.controls}>
        {image.detections.length > 0 && (
          <>
            <label className={styles.slider}>
              <span>Minimum confidence</span>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={minConfidence}
                onChange={(event) => setMinConfidence(Number(event.target.value))}
                aria-valuetext={formatPercent(minConfidence)}
              />
              <output>{formatPercent(minConfidence)}</output>
            </label>
            <fieldset className={styles.classes}>
              <legend>Show classes</legend>
              {labels.map((label) => (
                <label
                  key={label}
                  className={styles.classToggle}
                  data-empty={countAtMin(label) === 0 || undefined}
                  style={{ "--chip-color": labelColor(label) } as CSSProperties}
                >
                  <input type="checkbox" checked={!hiddenLabels.has(label)} onChange={() => toggleLabel(label)} />
                  <span className={styles.swatch} aria-hidden="true" />
                  {label} <span className="muted">({countAtMin(label)})</span>
                </label>
              ))}
            </fieldset>
          </>
        )}
        {visible.length > 0 ? (
          <div>
            <h3 className={styles.foundTitle}>Found ({visible.length})</h3>
            <ol className={styles.found}>
              {visible.map((detection) => (
                <li key={detectionKey(detection)}>
                  <span
                    className={styles.swatch}
                    style={{ background: labelColor(detection.label) }}
                    aria-hidden="true"
                  />
                  {detection.label}
                  <span className={`muted ${styles.confidence}`}>{formatPercent(detection.confidence)}</span>
                </li>
              ))}
            </ol>
          </div>
        ) : (
          <p className="muted" role="status">
            {sure.length > 0 ? "Every class found is switched off." : nothingShownText(image, minConfidence)}
          </p>
        )}
        {visible.length > 0 && (
          <a
            className={buttonClass({ variant: "ghost" })}
            href={annotatedUrl(image.id, minConfidence, labels, hiddenLabels)}
            download={annotatedFilename(image.filename)}
          >
            Download annotated image
          </a>
        )}
      </div>
    </div>
  );
}
