import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { ConfirmAction } from "@/components/confirm-action";
import { plural } from "@/lib/format";
import { useDeleteAlbum } from "../api/delete-album";
import type { Album } from "../api/get-albums";
import { AlbumEditForm } from "./album-edit-form";
import { LiveBadge } from "./live-badge";
import styles from "./album-header.module.css";

/** Over the library's photos while it shows an album: what the album is, and its edit and delete. */
export function AlbumHeader({ album }: { album: Album }) {
  const [editing, setEditing] = useState(false);
  const deleteAlbum = useDeleteAlbum(album.id);
  const navigate = useNavigate();

  const remove = () => deleteAlbum.mutate(undefined, { onSuccess: () => void navigate("/albums") });

  return (
    <section className={styles.header} aria-label="Album">
      <Link className={buttonClass({ variant: "ghost", size: "small", className: styles.back })} to="/albums">
        <span aria-hidden="true">←</span> All albums
      </Link>
      {editing ? (
        <AlbumEditForm key={album.updated_at} album={album} onDone={() => setEditing(false)} />
      ) : (
        <>
          <div className={styles.heading}>
            <h2 className={styles.title}>Album: {album.title}</h2>
            <span className={styles.count}>{plural(album.photo_count, "photo")} in this album</span>
          </div>
          {album.description && <p className={styles.description}>{album.description}</p>}
          {album.live && <LiveBadge album={album} />}
          <div className={styles.actions}>
            <button
              type="button"
              className={buttonClass({ variant: "ghost", size: "small" })}
              onClick={() => setEditing(true)}
            >
              Edit album
            </button>
            <ConfirmAction
              label="Delete album"
              question={`Delete the album “${album.title}”? Its photos stay in your library.`}
              confirmLabel="Yes, delete the album"
              pending={deleteAlbum.isPending}
              onConfirm={remove}
            />
          </div>
        </>
      )}
      {deleteAlbum.isError && <Alert error={deleteAlbum.error} />}
    </section>
  );
}
