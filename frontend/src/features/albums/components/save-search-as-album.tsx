import { useState } from "react";
import { Link } from "react-router";
import { buttonClass } from "@/components/button";
import type { Album } from "../api/get-albums";
import { albumPath } from "../utils/album-path";
import { liveAlbumSearch, type SavedSearch } from "../utils/album-search";
import { NewAlbumForm } from "./new-album-form";
import styles from "./save-search-as-album.module.css";

/** "Save as album": the gallery's search becomes a live album, titled by the query unless named otherwise. */
export function SaveSearchAsAlbum({ search }: { search: SavedSearch }) {
  const [naming, setNaming] = useState(false);
  const [saved, setSaved] = useState<Album | null>(null);

  const created = (album: Album) => {
    setNaming(false);
    setSaved(album);
  };

  return (
    <div className={styles.save}>
      {naming ? (
        <NewAlbumForm
          contents={liveAlbumSearch(search)}
          defaultTitle={search.query ?? search.label ?? ""}
          submitText="Save as album"
          onCreated={created}
          onCancel={() => setNaming(false)}
        />
      ) : (
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "small" })}
          onClick={() => setNaming(true)}
          title="A live album: its photos are always what this search finds"
        >
          Save as album
        </button>
      )}
      {saved && (
        <p className={styles.saved} role="status">
          Saved as the live album {saved.title}. <Link to={albumPath(saved.id)}>Open {saved.title}</Link>
        </p>
      )}
    </div>
  );
}
