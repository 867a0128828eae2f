import { formatDate, formatTime } from "@/lib/format";
import type { ImageWithDetections, PhotoLocation } from "@/types/api";
import styles from "./photo-facts.module.css";

/** "48.8584° N, 2.2945° E": four decimals place a photo within about ten metres. */
export function formatPlace({ latitude, longitude }: PhotoLocation): string {
  const north = `${Math.abs(latitude).toFixed(4)}° ${latitude < 0 ? "S" : "N"}`;
  const east = `${Math.abs(longitude).toFixed(4)}° ${longitude < 0 ? "W" : "E"}`;
  return `${north}, ${east}`;
}

/** The place on OpenStreetMap, with a marker on it. */
export function openStreetMapUrl({ latitude, longitude }: PhotoLocation): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
}

/** Under the photo's name: its size, when it was taken and with what camera, where, and when it was uploaded. */
export function PhotoFacts({ image }: { image: ImageWithDetections }) {
  return (
    <p className={`muted ${styles.facts}`}>
      <span>
        {image.width} × {image.height}
      </span>
      {image.taken_at && (
        <span>
          taken <time dateTime={image.taken_at}>{formatDate(image.taken_at)}</time>
        </span>
      )}
      {image.camera && <span>{image.camera}</span>}
      {image.location && (
        <span>
          <a
            className={styles.place}
            href={openStreetMapUrl(image.location)}
            target="_blank"
            rel="noopener noreferrer"
            title="Show on OpenStreetMap (opens in a new tab)"
          >
            {formatPlace(image.location)}
          </a>
        </span>
      )}
      <span>uploaded {formatTime(image.created_at)}</span>
    </p>
  );
}
