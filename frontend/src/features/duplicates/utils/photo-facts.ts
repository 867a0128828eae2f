import type { DuplicatePhoto } from "../api/get-duplicates";

// The formats Spotter stores (image_processing/imaging.py).
const FORMAT_NAMES: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "image/avif": "AVIF",
};

/** "JPEG", "WebP", "HEIC": a photo's format by its content type. */
export function formatName(contentType: string): string {
  return FORMAT_NAMES[contentType] ?? contentType;
}

/** "4032×3024": the photo's size as displayed. */
export function dimensionsText({ width, height }: Pick<DuplicatePhoto, "width" | "height">): string {
  return `${width}×${height}`;
}

/** Below this a photo is blurry (a blurry frame scores 0.0–0.05)… */
export const BLURRY_BELOW = 0.1;
/** …from this on, sharp (0.2–0.6); between, soft. */
export const SHARP_FROM = 0.2;
/** The sharpness that fills the bar: sharper than this shows no more. */
const FULL_BAR_AT = 0.5;

export type Sharpness = {
  /** "sharp", "soft", "blurry" or "unknown". */
  level: "sharp" | "soft" | "blurry" | "unknown";
  /** The bar's length, 0..100; null when unknown. */
  percent: number | null;
};

/** How sharp a photo is, in words and as a bar; null or absent is unknown (never measured). */
export function sharpnessOf(sharpness: number | null | undefined): Sharpness {
  if (sharpness === null || sharpness === undefined || !Number.isFinite(sharpness)) {
    return { level: "unknown", percent: null };
  }
  const percent = Math.round(Math.min(1, Math.max(0, sharpness / FULL_BAR_AT)) * 100);
  if (sharpness < BLURRY_BELOW) return { level: "blurry", percent };
  return { level: sharpness < SHARP_FROM ? "soft" : "sharp", percent };
}
