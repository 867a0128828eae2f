import { Link } from "react-router";
import { plural } from "@/lib/format";
import type { Album } from "../api/get-albums";
import { albumPath } from "../utils/album-path";
import { isOwner } from "../utils/roles";
import { LeaveAlbum } from "./leave-album";
import { LiveBadge } from "./live-badge";
import { SharedBy } from "./shared-by";
import styles from "./album-card.module.css";

type AlbumCardProps = {
  album: Album;
  /** Who is signed in: the member who leaves an album shared with them. */
  username: string;
};

/**
 * An album in the grid: its cover (or a placeholder while it has none), title and photo count; opens it. One shared
 * with you says by whom and your role, and can be left.
 */
export function AlbumCard({ album, username }: AlbumCardProps) {
  return (
    <li className={styles.card} aria-label={album.title}>
      <Link className={styles.link} to={albumPath(album.id)}>
        <span className={styles.frame}>
          {album.cover_url ? (
            <img className={styles.cover} src={album.cover_url} alt="" loading="lazy" decoding="async" />
          ) : (
            <svg className={styles.placeholder} viewBox="0 0 24 24" aria-hidden="true">
              <rect x="3" y="5" width="18" height="14" rx="2" />
              <path d="m3 16 5-5 4 4 3-3 6 6" />
            </svg>
          )}
        </span>
        <span className={styles.title}>{album.title}</span>
      </Link>
      <span className={styles.count}>{plural(album.photo_count, "photo")}</span>
      {album.live && <LiveBadge album={album} />}
      {!isOwner(album) && (
        <>
          <SharedBy album={album} />
          <LeaveAlbum album={album} username={username} />
        </>
      )}
    </li>
  );
}
