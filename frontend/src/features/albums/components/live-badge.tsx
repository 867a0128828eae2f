import type { Album } from "../api/get-albums";
import { liveSearchText } from "../utils/album-search";
import styles from "./live-badge.module.css";

/** "Live", and the search a live album keeps finding its photos with. */
export function LiveBadge({ album }: { album: Pick<Album, "query" | "filters"> }) {
  const search = liveSearchText(album);
  return (
    <span className={styles.live}>
      <span className={styles.badge} title="Its photos are what its search finds now">
        Live
      </span>
      {search && <span className={styles.search}>{search}</span>}
    </span>
  );
}
