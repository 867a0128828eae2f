const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3600;

/** "45 s", "3 min 5 s", "2 h 10 min": short, human and never negative. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 1) return "less than a second";
  if (seconds < SECONDS_PER_MINUTE) return `${seconds} s`;
  if (seconds < SECONDS_PER_HOUR) {
    const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
    const rest = seconds % SECONDS_PER_MINUTE;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(seconds / SECONDS_PER_HOUR);
  const minutes = Math.round((seconds % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** Below this a tagger's score is a guess, shown as one (greyed), not as something found. */
export const GUESS_BELOW = 0.1;

/** Every task keeps the objects it finds from this confidence up, whatever minimum it was given. */
export const KEPT_FROM = 0.1;

/** The one meaning of "minimum confidence", said where it is set: the gallery's, and a task's. */
export const GALLERY_CONFIDENCE_HINT =
  "Shows the objects found at this confidence or more, in the gallery, search and exports. Tasks keep every object from 10 % up, so lowering it shows more without running anything again.";
export const TASK_CONFIDENCE_HINT =
  "What this task counts in its summary (50 % when left empty). It keeps every object from 10 % up: the gallery's Min. confidence decides what is shown.";

/**
 * A model's confidence in what it found: "86%"; "99.6%" where whole percents would round up to a certainty
 * ("100%") that the model did not claim.
 */
export function formatConfidence(score: number): string {
  const percent = score * 100;
  if (Math.round(percent) < 100 || score >= 1) return formatPercent(score);
  return `${Math.min(Math.round(percent * 10) / 10, 99.9)}%`;
}

export function formatRate(imagesPerSecond: number): string {
  const digits = imagesPerSecond < 10 ? 1 : 0;
  return `${imagesPerSecond.toFixed(digits)} photos/s`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

const BYTE_UNITS = ["bytes", "KB", "MB", "GB"];

/** "512 bytes", "240 KB", "3.4 MB": decimal units, one decimal below 10. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} bytes`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${BYTE_UNITS[unit]}`;
}

/**
 * The day a photo was taken, "1 May 2024" (in the reader's own words for dates). Read in UTC: a camera's
 * DateTimeOriginal without an offset is stored as UTC, so that is how it shows the day the camera wrote, and
 * the day the gallery's date filter matches it on.
 */
export function formatDate(iso: string, locale?: string): string {
  return new Date(iso).toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** A calendar day from a date field ("2024-05-01") in the same words as formatDate. */
export function formatDay(day: string, locale?: string): string {
  return formatDate(`${day}T00:00:00Z`, locale);
}

/**
 * A query quoted in a sentence: “cat -dog”. One already in quotes ("golden retriever") is shown as it is, not
 * quoted twice.
 */
export function quotedQuery(query: string): string {
  return query.length > 1 && query.startsWith('"') && query.endsWith('"') ? query : `“${query}”`;
}
