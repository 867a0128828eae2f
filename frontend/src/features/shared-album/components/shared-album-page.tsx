import { Link, Outlet, useLocation, useMatch, useParams } from "react-router";
import { Alert } from "@/components/alert";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/button";
import { Pager, pageCountOf } from "@/components/pager";
import { Spinner } from "@/components/spinner";
import { ApiError } from "@/lib/api-client";
import { formatDate, plural } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import { usePageParam } from "@/lib/use-page-param";
import { SHARED_PAGE_SIZE, useSharedAlbum, type SharedPhoto } from "../api/get-shared-album";
import { OPENED_FROM_GRID, sharedPhotoName, sharedPhotoPath } from "../utils/shared-photo-path";
import styles from "./shared-album-page.module.css";

/** What a shared page's photo view needs from the page: the link's token and the page it shows. */
export type SharedPhotoViewContext = { token: string; page: number };

/** A link that no longer opens anything (expired, revoked, or never made): said kindly, with what to do. */
function LinkGone() {
  return (
    <div className={styles.gone}>
      <h1 className={styles.goneTitle}>This link doesn’t work any more</h1>
      <p>
        It may have expired or been revoked by the person who shared it, or it was not copied whole. Ask them for a new
        link.
      </p>
    </div>
  );
}

type SharedThumbnailProps = { photo: SharedPhoto; name: string; href: string };

/** A photo in the grid: its thumbnail, which opens it. */
function SharedThumbnail({ photo, name, href }: SharedThumbnailProps) {
  return (
    <li className={styles.photo}>
      <Link className={styles.open} to={href} state={OPENED_FROM_GRID} aria-label={`Open ${name}`}>
        <img className={styles.thumb} src={photo.thumbnail_url} alt="" loading="lazy" decoding="async" />
      </Link>
      {photo.taken_at && (
        <time className={styles.taken} dateTime={photo.taken_at}>
          {formatDate(photo.taken_at)}
        </time>
      )}
    </li>
  );
}

/**
 * An album shared by link, for anyone who has it, with no account: its title, description and photos, a page at a
 * time; a photo opens over it. Nothing here can be changed, and nothing asks who is signed in.
 */
export function SharedAlbumPage() {
  const { token = "" } = useParams();
  const { page, setPage } = usePageParam();
  const { search } = useLocation();
  const shared = useSharedAlbum(token, page);
  const photoIsOpen = useMatch("/shared/:token/photos/:photoId") !== null;
  const linkIsGone = shared.error instanceof ApiError && shared.error.status === 404;
  const album = shared.data?.album;
  useDocumentTitle(photoIsOpen ? null : (album?.title ?? (linkIsGone ? "Link not working" : "Shared album")));

  const context: SharedPhotoViewContext = { token, page };
  const firstPosition = (page - 1) * SHARED_PAGE_SIZE + 1;

  return (
    <>
      <div className={styles.page} inert={photoIsOpen}>
        <header className={styles.topbar}>
          <Brand />
          <span className={styles.readOnly}>Shared album · view only</span>
        </header>
        <main className={styles.main}>
          {shared.isPending && (
            <p className={styles.loading} role="status">
              <Spinner />
              Loading the album…
            </p>
          )}
          {linkIsGone && <LinkGone />}
          {shared.isError && !linkIsGone && (
            <Alert
              error={shared.error}
              action={
                <button
                  type="button"
                  className={buttonClass({ variant: "ghost", size: "small" })}
                  onClick={() => void shared.refetch()}
                >
                  Try again
                </button>
              }
            />
          )}
          {album && shared.data && (
            <>
              <div className={styles.heading}>
                <h1 className={styles.title}>{album.title}</h1>
                <span className={styles.count}>{plural(album.photo_count, "photo")}</span>
                {shared.isPlaceholderData && (
                  <span className={styles.loading} role="status">
                    <Spinner />
                    Loading…
                  </span>
                )}
              </div>
              {album.description && <p className={styles.description}>{album.description}</p>}
              {album.photo_count === 0 ? (
                <p className={styles.empty}>No photos in this album yet.</p>
              ) : (
                <ul className={styles.grid} aria-label="Photos" aria-busy={shared.isPlaceholderData}>
                  {shared.data.results.map((photo, index) => (
                    <SharedThumbnail
                      key={photo.id}
                      photo={photo}
                      name={sharedPhotoName(firstPosition + index, album.photo_count)}
                      href={sharedPhotoPath(token, photo.id, search)}
                    />
                  ))}
                </ul>
              )}
              <Pager
                label="Album pages"
                page={page}
                pageCount={pageCountOf(shared.data.count, SHARED_PAGE_SIZE)}
                hasPrevious={Boolean(shared.data.previous)}
                hasNext={Boolean(shared.data.next)}
                onPageChange={setPage}
              />
            </>
          )}
        </main>
      </div>
      <Outlet context={context} />
    </>
  );
}
