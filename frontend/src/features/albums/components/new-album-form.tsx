import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import field from "@/components/field.module.css";
import type { Album } from "../api/get-albums";
import { useCreateAlbum, type NewAlbum } from "../api/create-album";
import styles from "./new-album-form.module.css";

type NewAlbumFormProps = {
  /** What the album holds besides its title and description: photos (`image_ids`), or a search (live). */
  contents?: Omit<NewAlbum, "title" | "description">;
  defaultTitle?: string;
  submitText?: string;
  onCreated: (album: Album) => void;
  onCancel: () => void;
};

/** A title and a description, and the album is created. */
export function NewAlbumForm({
  contents,
  defaultTitle = "",
  submitText = "Create album",
  onCreated,
  onCancel,
}: NewAlbumFormProps) {
  const createAlbum = useCreateAlbum();
  const [title, setTitle] = useState(defaultTitle);
  const [description, setDescription] = useState("");
  const titleId = useId();
  const descriptionId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    createAlbum.mutate({ ...contents, title: trimmed, description: description.trim() }, { onSuccess: onCreated });
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="New album">
      <div className={field.field}>
        <label className={field.label} htmlFor={titleId}>
          Title
        </label>
        <input id={titleId} value={title} onChange={(event) => setTitle(event.target.value)} required autoFocus />
      </div>
      <div className={field.field}>
        <label className={field.label} htmlFor={descriptionId}>
          Description
        </label>
        <input id={descriptionId} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      {createAlbum.isError && <Alert error={createAlbum.error} />}
      <div className={styles.actions}>
        <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className={buttonClass({ variant: "primary", size: "small" })}
          disabled={createAlbum.isPending || !title.trim()}
        >
          {submitText}
        </button>
      </div>
    </form>
  );
}
