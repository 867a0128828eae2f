import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { ConfirmAction } from "@/components/confirm-action";
import { plural } from "@/lib/format";
import { useDeleteAlbum } from "../api/delete-album";
import type { Album } from "../api/get-albums";
import { isOwner } from "../utils/roles";
import { AlbumEditForm } from "./album-edit-form";
import { LeaveAlbum } from "./leave-album";
import { LiveBadge } from "./live-badge";
import { ShareButton } from "./share-button";
import { SharedBy } from "./shared-by";
import styles from "./album-header.module.css";

type AlbumHeaderProps = {
  album: Album;
  /** Who is signed in: a member leaves the album under this name. */
  username: string;
};

/**
 * Over the library's photos while it shows an album: what the album is; for its owner, its edit, share and delete;
 * for a member, whose it is, their role and Leave.
 */
export function AlbumHeader({ album, username }: AlbumHeaderProps) {
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
          {isOwner(album) ? (
            <div className={styles.actions}>
              <button
                type="button"
                className={buttonClass({ variant: "ghost", size: "small" })}
                onClick={() => setEditing(true)}
              >
                Edit album
              </button>
              <ShareButton album={album} />
              <ConfirmAction
                label="Delete album"
                question={`Delete the album “${album.title}”? Its photos stay in your library.`}
                confirmLabel="Yes, delete the album"
                pending={deleteAlbum.isPending}
                onConfirm={remove}
              />
            </div>
          ) : (
            <div className={styles.actions}>
              <SharedBy album={album} />
              <LeaveAlbum album={album} username={username} onLeft={() => void navigate("/albums")} />
            </div>
          )}
        </>
      )}
      {deleteAlbum.isError && <Alert error={deleteAlbum.error} />}
    </section>
  );
}
