import type { ChangeEvent } from "react";

export const ACCEPTED_TYPES = "image/jpeg,image/png,image/webp";

type UploadButtonProps = { onFiles: (files: File[]) => void; text?: string; className?: string };

/** A file picker that looks like a button and stays reachable by keyboard. */
export function UploadButton({
  onFiles,
  text = "Upload photos",
  className = "button button--primary",
}: UploadButtonProps) {
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    onFiles(Array.from(event.target.files ?? []));
    event.target.value = "";
  };
  return (
    <label className={`file-picker ${className}`}>
      <input className="visually-hidden" type="file" accept={ACCEPTED_TYPES} multiple onChange={pick} />
      {text}
    </label>
  );
}
