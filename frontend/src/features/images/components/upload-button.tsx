import type { ChangeEvent } from "react";
import { buttonClass } from "@/components/button";
import styles from "./upload-button.module.css";

/**
 * What the picker offers. HEIC/HEIF and AVIF are listed by extension too: not every system knows their types.
 * The server checks each file by its content, whatever its name.
 */
export const ACCEPTED_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/heif",
  "image/avif",
  ".jpg",
  ".jpeg",
  ".png",
  ".webp",
  ".heic",
  ".heif",
  ".avif",
].join(",");

/** The formats in words, for the texts that name them. */
export const ACCEPTED_FORMATS_TEXT = "JPEG, PNG, WebP, HEIC and AVIF";

type UploadButtonProps = { onFiles: (files: File[]) => void; text?: string };

/** A file picker that looks like a button and stays reachable by keyboard. */
export function UploadButton({ onFiles, text = "Upload photos" }: UploadButtonProps) {
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    onFiles(Array.from(event.target.files ?? []));
    event.target.value = "";
  };
  return (
    <label
      className={buttonClass({ variant: "primary", className: styles.picker })}
      title={`${ACCEPTED_FORMATS_TEXT} photos`}
    >
      <input className="visually-hidden" type="file" accept={ACCEPTED_TYPES} multiple onChange={pick} />
      {text}
    </label>
  );
}
