import type { Album } from "../api/get-albums";
import { roleName } from "../utils/roles";
import styles from "./shared-by.module.css";

/** On an album shared with you: whose it is and what you may do in it, "Shared by ann · Viewer". */
export function SharedBy({ album }: { album: Pick<Album, "owner" | "role"> }) {
  return (
    <span className={styles.shared}>
      <span className={styles.badge}>Shared by {album.owner}</span>
      <span className={styles.role}>{roleName(album.role)}</span>
    </span>
  );
}
