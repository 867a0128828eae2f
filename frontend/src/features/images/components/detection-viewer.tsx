import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { buttonClass } from "@/components/button";
import { formatConfidence, formatPercent } from "@/lib/format";
import { labelColor } from "@/lib/label-color";
import { baseModelName, preferredModel } from "@/lib/model-names";
import { useModelTitle } from "@/lib/models";
import type { Box, Detection, ImageWithDetections } from "@/types/api";
import { examinedModels, modelSeries, type ModelSeries } from "../utils/model-series";
import { estimateTagSize, placeTags, type Size } from "../utils/place-tags";
import { highlightedLines } from "../utils/text-lines";
import styles from "./detection-viewer.module.css";
import { ModelComparison } from "./model-comparison";
import { ModelPicker } from "./model-picker";
import { PhotoTags } from "./photo-tags";
import { PhotoText } from "./photo-text";

type DetectionViewerProps = {
  image: ImageWithDetections;
  /** Where the slider starts: the gallery's minimum confidence, so both show the same objects. */
  initialMinConfidence: number;
  /** The default model's name (undefined until known): whose boxes show first, if it examined the photo. */
  defaultModel?: string;
  /** The lines of text the search matched in the photo: outlined on it until another line is pointed at. */
  matchedLines?: ReadonlySet<string>;
  /** Drawn over the photo, sized as it is shown (the faces found in it). */
  overlay?: ReactNode;
};

function describe(detection: Detection): string {
  return `${detection.label}, ${formatConfidence(detection.confidence)} confidence`;
}

function tagText(detection: Detection): string {
  return `${detection.label} ${formatConfidence(detection.confidence)}`;
}

/** A box, as fractions of the photo, as a rectangle of the viewer's 0–1 drawing. */
function boxRect(box: Box) {
  return { x: box.x_min, y: box.y_min, width: box.x_max - box.x_min, height: box.y_max - box.y_min };
}

function detectionKey({ model, label, confidence, box }: Detection): string {
  return `${model}:${label}:${confidence}:${box.x_min}:${box.y_min}:${box.x_max}:${box.y_max}`;
}

/** "chelsea.png" → "chelsea-annotated.jpg": the annotated download is a JPEG named after the photo. */
export function annotatedFilename(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  return `${stem || "photo"}-annotated.jpg`;
}

/**
 * The annotated-image download, drawing only what the viewer currently shows (of one model: `model`, named
 * where the photo has been examined by several).
 */
function annotatedUrl(
  imageId: string,
  minConfidence: number,
  labels: string[],
  hiddenLabels: ReadonlySet<string>,
  model?: string,
): string {
  const query = new URLSearchParams({ min_confidence: String(minConfidence) });
  if (hiddenLabels.size > 0) query.set("classes", labels.filter((label) => !hiddenLabels.has(label)).join(","));
  if (model !== undefined) query.set("model", baseModelName(model));
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

const NOT_ANALYSED_TEXT = "Not analysed yet. Select this photo in the gallery and run a task to find what is in it.";

const NO_OBJECTS_YET_TEXT = "but not searched for objects yet: run a task that finds objects to draw their boxes.";

/**
 * What the viewer says when no box is drawn: nothing found by the shown models at this level, or never examined
 * (or only tagged, or only read).
 */
export function nothingShownText(
  models: string[],
  minConfidence: number,
  { tagged = false, read = false }: { tagged?: boolean; read?: boolean } = {},
): string {
  if (models.length > 0) return `No objects found by ${models.join(" or ")} at ≥ ${formatPercent(minConfidence)}.`;
  if (tagged && read) return `Tagged and read, ${NO_OBJECTS_YET_TEXT}`;
  if (tagged || read) return `${tagged ? "Tagged" : "Read"}, ${NO_OBJECTS_YET_TEXT}`;
  return NOT_ANALYSED_TEXT;
}

type FoundListProps = { title: string; detections: Detection[]; color: (detection: Detection) => string };

/** The detections shown, surest first. */
function FoundList({ title, detections, color }: FoundListProps) {
  return (
    <div className={styles.foundGroup}>
      <h3 className={styles.foundTitle}>{title}</h3>
      {detections.length > 0 ? (
        <ol className={styles.found}>
          {detections.map((detection) => (
            <li key={detectionKey(detection)}>
              <span className={styles.swatch} style={{ background: color(detection) }} aria-hidden="true" />
              {detection.label}
              <span className={`muted ${styles.confidence}`}>{formatConfidence(detection.confidence)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className={`muted ${styles.none}`}>None shown.</p>
      )}
    </div>
  );
}

/**
 * The photo with its detections drawn on top, plus live filters by confidence and class. A photo that several
 * models have examined shows one model's detections at a time, or two models' compared.
 */
export function DetectionViewer({
  image,
  initialMinConfidence,
  defaultModel,
  matchedLines = new Set(),
  overlay,
}: DetectionViewerProps) {
  const [minConfidence, setMinConfidence] = useState(initialMinConfidence);
  const [hiddenLabels, setHiddenLabels] = useState<ReadonlySet<string>>(new Set());
  const [chosenModel, setChosenModel] = useState<string>();
  const [comparedModel, setComparedModel] = useState<string>();
  const [pointedLine, setPointedLine] = useState<number | null>(null);
  const { ref: photoRef, size: area } = useShownSize(image);

  const models = useMemo(() => examinedModels(image), [image]);
  const model =
    chosenModel !== undefined && models.includes(chosenModel) ? chosenModel : preferredModel(models, defaultModel);
  const compared =
    comparedModel !== undefined && comparedModel !== model && models.includes(comparedModel)
      ? comparedModel
      : undefined;
  const series = modelSeries(model, compared);
  const modelTitle = useModelTitle();
  const shownModels = series.map((entry) => modelTitle(entry.model));
  const seriesOf = new Map<string, ModelSeries>(series.map((entry) => [entry.model, entry]));
  const color = (detection: Detection) => seriesOf.get(detection.model)?.color ?? labelColor(detection.label);

  const shown = image.detections.filter((detection) => seriesOf.has(detection.model));
  const labels = [...new Set(shown.map((detection) => detection.label))].sort((a, b) => a.localeCompare(b));
  const sure = shown.filter((detection) => detection.confidence >= minConfidence);
  const countAtMin = (label: string) => sure.filter((detection) => detection.label === label).length;
  // The boxes drawn and listed, surest first.
  const visible = sure
    .filter((detection) => !hiddenLabels.has(detection.label))
    .sort((a, b) => b.confidence - a.confidence);
  const outlinedLines = highlightedLines(image.text, matchedLines, pointedLine);

  const toPixels = ({ box }: Detection) => ({
    x: box.x_min * area.width,
    y: box.y_min * area.height,
    width: (box.x_max - box.x_min) * area.width,
    height: (box.y_max - box.y_min) * area.height,
  });
  const tagSpots = placeTags(
    visible.map((detection) => ({
      box: toPixels(detection),
      size: estimateTagSize(tagText(detection)),
      smallSize: estimateTagSize(detection.label, true),
    })),
    area,
  );

  const chooseModel = (name: string) => {
    // Choosing the compared model swaps the two, so that the comparison stays.
    if (name === compared) setComparedModel(model);
    setChosenModel(name);
  };

  const toggleLabel = (label: string) => {
    setHiddenLabels((current) => {
      const next = new Set(current);
      if (next.has(label)) next.delete(label);
      else next.add(label);
      return next;
    });
  };

  return (
    <div className={styles.viewer} data-models={models.length > 1 ? (compared ? "compare" : "pick") : undefined}>
      {model !== undefined && models.length > 1 && (
        <div className={styles.models}>
          <ModelPicker
            models={models}
            model={model}
            compared={compared}
            series={series}
            onModelChange={chooseModel}
            onCompareChange={setComparedModel}
          />
        </div>
      )}
      <figure className={styles.stage}>
        <img
          ref={photoRef}
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
              data-model={detection.model}
              {...boxRect(detection.box)}
              stroke={color(detection)}
              strokeDasharray={seriesOf.get(detection.model)?.dashed ? "7 4" : undefined}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {image.text.map(
            (line, index) =>
              outlinedLines.has(index) && (
                <rect
                  key={`text:${index}`}
                  data-testid="text-box"
                  className={styles.textBox}
                  {...boxRect(line.box)}
                  vectorEffect="non-scaling-stroke"
                />
              ),
          )}
        </svg>
        {visible.map((detection, index) => {
          const spot = tagSpots[index];
          const label = compared ? `${describe(detection)}, by ${modelTitle(detection.model)}` : describe(detection);
          const style = { "--tag-color": color(detection) } as CSSProperties;
          if (spot === null) {
            // No room for its tag: the box alone, which names itself on hover (and in its title).
            const box = toPixels(detection);
            return (
              <span
                key={detectionKey(detection)}
                role="img"
                aria-label={label}
                title={tagText(detection)}
                className={styles.tagless}
                data-fit="hover"
                style={{
                  ...style,
                  left: `${(box.x / area.width) * 100}%`,
                  top: `${(box.y / area.height) * 100}%`,
                  width: `${(box.width / area.width) * 100}%`,
                  height: `${(box.height / area.height) * 100}%`,
                }}
              >
                <span className={`${styles.tag} ${styles.peek}`}>{tagText(detection)}</span>
              </span>
            );
          }
          return (
            <span
              key={detectionKey(detection)}
              role="img"
              aria-label={label}
              title={spot.small ? tagText(detection) : undefined}
              className={styles.tag}
              data-fit={spot.small ? "small" : "full"}
              style={{ ...style, left: `${(spot.x / area.width) * 100}%`, top: `${(spot.y / area.height) * 100}%` }}
            >
              {spot.small ? detection.label : tagText(detection)}
            </span>
          );
        })}
        {overlay}
      </figure>

      <div className={styles.controls}>
        {shown.length > 0 && (
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
            {compared !== undefined && (
              <ModelComparison
                series={series}
                labels={labels}
                detections={sure}
                minConfidence={minConfidence}
                hiddenLabels={hiddenLabels}
              />
            )}
          </>
        )}
        {visible.length === 0 ? (
          <p className="muted" role="status">
            {sure.length > 0
              ? "Every class found is switched off."
              : nothingShownText(shownModels, minConfidence, {
                  tagged: image.tags.length > 0,
                  read: image.text.length > 0,
                })}
          </p>
        ) : compared === undefined ? (
          <FoundList title={`Found (${visible.length})`} detections={visible} color={color} />
        ) : (
          series.map((entry) => {
            const found = visible.filter((detection) => detection.model === entry.model);
            return (
              <FoundList
                key={entry.model}
                title={`Found by ${modelTitle(entry.model)} (${found.length})`}
                detections={found}
                color={color}
              />
            );
          })
        )}
        <PhotoTags tags={image.tags} />
        <PhotoText lines={image.text} matched={matchedLines} highlighted={outlinedLines} onPoint={setPointedLine} />
        {visible.some((detection) => detection.model === model) && (
          <div className={styles.download}>
            <a
              className={buttonClass({ variant: "ghost" })}
              href={annotatedUrl(image.id, minConfidence, labels, hiddenLabels, models.length > 1 ? model : undefined)}
              download={annotatedFilename(image.filename)}
            >
              Download annotated image
            </a>
            {compared !== undefined && model !== undefined && (
              <p className={`muted ${styles.note}`}>It draws the boxes of {modelTitle(model)}.</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
