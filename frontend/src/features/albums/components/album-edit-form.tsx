import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import field from "@/components/field.module.css";
import type { Album } from "../api/get-albums";
import { useUpdateAlbum, type AlbumChange } from "../api/update-album";
import styles from "./new-album-form.module.css";

type AlbumEditFormProps = { album: Album; onDone: () => void };

/** Renames and describes an album, and changes a live album's search; only what changed is sent. */
export function AlbumEditForm({ album, onDone }: AlbumEditFormProps) {
  const updateAlbum = useUpdateAlbum(album.id);
  const [title, setTitle] = useState(album.title);
  const [description, setDescription] = useState(album.description);
  const [query, setQuery] = useState(album.query);
  const titleId = useId();
  const descriptionId = useId();
  const queryId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const change: AlbumChange = {};
    if (title.trim() !== album.title) change.title = title.trim();
    if (description.trim() !== album.description) change.description = description.trim();
    if (album.live && query.trim() !== album.query) change.query = query.trim();
    if (Object.keys(change).length === 0) return onDone();
    updateAlbum.mutate(change, { onSuccess: onDone });
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Edit album">
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
      {album.live && (
        <div className={field.field}>
          <label className={field.label} htmlFor={queryId}>
            Search
          </label>
          <input id={queryId} value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      )}
      {updateAlbum.isError && <Alert error={updateAlbum.error} />}
      <div className={styles.actions}>
        <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={onDone}>
          Cancel
        </button>
        <button
          type="submit"
          className={buttonClass({ variant: "primary", size: "small" })}
          disabled={updateAlbum.isPending || !title.trim()}
        >
          Save
        </button>
      </div>
    </form>
  );
}
