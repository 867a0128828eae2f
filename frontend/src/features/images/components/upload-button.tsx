import type { ChangeEvent } from "react";
import { buttonClass } from "@/components/button";
import styles from "./upload-button.module.css";

export const ACCEPTED_TYPES = "image/jpeg,image/png,image/webp";

type UploadButtonProps = { onFiles: (files: File[]) => void; text?: string };

/** A file picker that looks like a button and stays reachable by keyboard. */
export function UploadButton({ onFiles, text = "Upload photos" }: UploadButtonProps) {
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    onFiles(Array.from(event.target.files ?? []));
    event.target.value = "";
  };
  return (
    <label className={buttonClass({ variant: "primary", className: styles.picker })}>
      <input className="visually-hidden" type="file" accept={ACCEPTED_TYPES} multiple onChange={pick} />
      {text}
    </label>
  );
}
