import { Link } from "react-router";
import { buttonClass, linkButtonClass } from "@/components/button";
import { albumPath } from "../utils/album-path";
import type { AlbumNotice } from "../utils/album-notice";
import styles from "./album-notice-line.module.css";

type AlbumNoticeLineProps = { notice: AlbumNotice; onDismiss: () => void };

/** The status line after photos went into (or out of) an album, with the way to it. */
export function AlbumNoticeLine({ notice, onDismiss }: AlbumNoticeLineProps) {
  return (
    <p className={styles.notice} role="status">
      <span>{notice.text}</span>
      <Link className={buttonClass({ variant: "ghost", size: "small" })} to={albumPath(notice.album.id)}>
        Open {notice.album.title}
      </Link>
      <button type="button" className={linkButtonClass} onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
