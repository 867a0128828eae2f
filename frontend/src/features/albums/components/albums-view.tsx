import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { Pager, pageCountOf } from "@/components/pager";
import { Spinner } from "@/components/spinner";
import { TopBar } from "@/components/top-bar";
import { ApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import { usePageParam } from "@/lib/use-page-param";
import { ALBUMS_PAGE_SIZE, useAlbums, type Album } from "../api/get-albums";
import { albumPath } from "../utils/album-path";
import { AlbumCard } from "./album-card";
import { NewAlbumForm } from "./new-album-form";
import styles from "./albums-view.module.css";

/**
 * Your albums and those shared with you, the latest changed first, as a grid of covers; a new one is created here,
 * and opens. `username`: who is signed in.
 */
export function AlbumsView({ username }: { username: string }) {
  useDocumentTitle("Albums");
  const { page, setPage } = usePageParam();
  const albums = useAlbums(page);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  // A page that is gone (its albums deleted since) shows the first one.
  const pageIsGone = albums.error instanceof ApiError && albums.error.status === 404 && page > 1;
  useEffect(() => {
    if (pageIsGone) setPage(1);
  }, [pageIsGone, setPage]);

  const count = albums.data?.count ?? 0;
  const results = albums.data?.results ?? [];
  const created = (album: Album) => void navigate(albumPath(album.id));

  return (
    <>
      <TopBar>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/duplicates">
          Duplicates
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/people">
          People
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/trash">
          Trash
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/">
          <span aria-hidden="true">←</span> All photos
        </Link>
      </TopBar>

      <main className={styles.main}>
        <div className={styles.heading}>
          <h1 className={styles.title}>Albums</h1>
          {albums.data && !albums.isPlaceholderData && <span className={styles.count}>{plural(count, "album")}</span>}
          {albums.isPlaceholderData && (
            <span className={styles.loading} role="status">
              <Spinner />
              Loading…
            </span>
          )}
          {!creating && (
            <button
              type="button"
              className={buttonClass({ variant: "primary", size: "small", className: styles.new })}
              onClick={() => setCreating(true)}
            >
              New album
            </button>
          )}
        </div>
        {creating && <NewAlbumForm onCreated={created} onCancel={() => setCreating(false)} />}

        {albums.isPending && (
          <p className={styles.loading} role="status">
            <Spinner />
            Loading your albums…
          </p>
        )}
        {albums.isError && !pageIsGone && <Alert error={albums.error} />}

        {albums.data?.count === 0 && !albums.isPlaceholderData && (
          <div className={styles.nothing}>
            <p className={styles.nothingTitle}>No albums yet</p>
            <p>
              Create one here, select photos in the library and choose Add to album, or save a search as a live album
              that keeps its photos up to date.
            </p>
          </div>
        )}

        {results.length > 0 && (
          <ul className={styles.albums} aria-label="Albums" aria-busy={albums.isPlaceholderData}>
            {results.map((album) => (
              <AlbumCard key={album.id} album={album} username={username} />
            ))}
          </ul>
        )}

        {albums.data && (
          <Pager
            label="Album pages"
            page={page}
            pageCount={pageCountOf(count, ALBUMS_PAGE_SIZE)}
            hasPrevious={Boolean(albums.data.previous)}
            hasNext={Boolean(albums.data.next)}
            onPageChange={setPage}
          />
        )}
      </main>
    </>
  );
}
