import { useMemo, useState, type CSSProperties } from "react";
import { buttonClass } from "@/components/button";
import { formatPercent } from "@/lib/format";
import { labelColor } from "@/lib/label-color";
import type { Detection, ImageWithDetections } from "@/types/api";
import styles from "./detection-viewer.module.css";

type DetectionViewerProps = { image: ImageWithDetections };

function describe(detection: Detection): string {
  return `${detection.label}, ${formatPercent(detection.confidence)} confidence`;
}

function detectionKey({ label, confidence, box }: Detection): string {
  return `${label}:${confidence}:${box.x_min}:${box.y_min}:${box.x_max}:${box.y_max}`;
}

/** The annotated-image download, drawing only what the viewer currently shows. */
function annotatedUrl(
  imageId: string,
  minConfidence: number,
  classes: [string, number][],
  hiddenLabels: ReadonlySet<string>,
): string {
  const query = new URLSearchParams({ min_confidence: String(minConfidence) });
  if (hiddenLabels.size > 0) {
    query.set(
      "classes",
      classes
        .map(([label]) => label)
        .filter((label) => !hiddenLabels.has(label))
        .join(","),
    );
  }
  return `/api/images/${imageId}/annotated?${query}`;
}

/** The photo with its detections drawn on top, plus live filters by confidence and class. */
export function DetectionViewer({ image }: DetectionViewerProps) {
  const [minConfidence, setMinConfidence] = useState(0);
  const [hiddenLabels, setHiddenLabels] = useState<ReadonlySet<string>>(new Set());

  const classes = useMemo(() => {
    const counts = new Map<string, number>();
    for (const detection of image.detections) counts.set(detection.label, (counts.get(detection.label) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a.localeCompare(b));
  }, [image.detections]);

  const visible = image.detections
    .filter((detection) => detection.confidence >= minConfidence && !hiddenLabels.has(detection.label))
    .sort((a, b) => b.confidence - a.confidence);

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
        {visible.map((detection) => (
          <span
            key={detectionKey(detection)}
            role="img"
            aria-label={describe(detection)}
            className={styles.tag}
            data-below={detection.box.y_min < 0.08 || undefined}
            style={
              {
                left: `${detection.box.x_min * 100}%`,
                top: `${detection.box.y_min * 100}%`,
                "--tag-color": labelColor(detection.label),
              } as CSSProperties
            }
          >
            {detection.label} {formatPercent(detection.confidence)}
          </span>
        ))}
      </figure>

      <div className={styles.controls}>
        {image.detections.length === 0 ? (
          <p className="muted">Nothing detected yet. Select this photo in the gallery and run detection.</p>
        ) : (
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
              {classes.map(([label, count]) => (
                <label
                  key={label}
                  className={styles.classToggle}
                  style={{ "--chip-color": labelColor(label) } as CSSProperties}
                >
                  <input type="checkbox" checked={!hiddenLabels.has(label)} onChange={() => toggleLabel(label)} />
                  <span className={styles.swatch} aria-hidden="true" />
                  {label} <span className="muted">({count})</span>
                </label>
              ))}
            </fieldset>
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
          </>
        )}
        <a
          className={buttonClass({ variant: "ghost" })}
          href={annotatedUrl(image.id, minConfidence, classes, hiddenLabels)}
          download
        >
          Download annotated image
        </a>
      </div>
    </div>
  );
}
