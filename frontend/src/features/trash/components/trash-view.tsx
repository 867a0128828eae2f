import { useEffect, useState } from "react";
import { Link } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { ConfirmAction } from "@/components/confirm-action";
import { Pager, pageCountOf } from "@/components/pager";
import { Spinner } from "@/components/spinner";
import { TopBar } from "@/components/top-bar";
import { ApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import { usePageParam } from "@/lib/use-page-param";
import { useEmptyTrash } from "../api/empty-trash";
import { TRASH_PAGE_SIZE, useTrash, type TrashedPhoto } from "../api/get-trash";
import { TrashedPhotoCard } from "./trashed-photo-card";
import styles from "./trash-view.module.css";

/**
 * The photos deleted, the latest first, each until the day the trash deletes it for good: restored to the library
 * or deleted for good one by one, or all at once by emptying the trash.
 */
export function TrashView() {
  useDocumentTitle("Trash");
  const { page, setPage } = usePageParam();
  const trash = useTrash(page);
  const emptyTrash = useEmptyTrash();
  const [notice, setNotice] = useState<string | null>(null);

  // A page that is gone (its photos restored or deleted since) shows the first one.
  const pageIsGone = trash.error instanceof ApiError && trash.error.status === 404 && page > 1;
  useEffect(() => {
    if (pageIsGone) setPage(1);
  }, [pageIsGone, setPage]);

  const count = trash.data?.count ?? 0;
  const results = trash.data?.results ?? [];
  const restored = (photo: TrashedPhoto) => setNotice(`${photo.filename} is back in the library.`);
  const deleted = (photo: TrashedPhoto) => setNotice(`${photo.filename} was deleted for good.`);
  const empty = () =>
    emptyTrash.mutate(undefined, { onSuccess: () => setNotice(`${plural(count, "photo")} deleted for good.`) });

  return (
    <>
      <TopBar>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/albums">
          Albums
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/people">
          People
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/duplicates">
          Duplicates
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/">
          <span aria-hidden="true">←</span> All photos
        </Link>
      </TopBar>

      <main className={styles.main}>
        <div className={styles.heading}>
          <h1 className={styles.title}>Trash</h1>
          {trash.data && !trash.isPlaceholderData && (
            <span className={styles.count}>{plural(count, "photo")} in the trash</span>
          )}
          {trash.isPlaceholderData && (
            <span className={styles.loading} role="status">
              <Spinner />
              Loading…
            </span>
          )}
          {count > 0 && (
            <span className={styles.empty}>
              <ConfirmAction
                label="Empty trash"
                question={`Delete all ${plural(count, "photo")} in the trash for good?`}
                confirmLabel="Yes, empty the trash"
                pending={emptyTrash.isPending}
                onConfirm={empty}
              />
            </span>
          )}
        </div>
        <p className="muted">Deleted photos can be restored until the day each one shows; then they go for good.</p>

        {notice && (
          <p className={styles.notice} role="status">
            {notice}
          </p>
        )}
        {emptyTrash.isError && <Alert error={emptyTrash.error} />}

        {trash.isPending && (
          <p className={styles.loading} role="status">
            <Spinner />
            Loading the trash…
          </p>
        )}
        {trash.isError && !pageIsGone && <Alert error={trash.error} />}

        {trash.data?.count === 0 && !trash.isPlaceholderData && (
          <div className={styles.nothing}>
            <p>The trash is empty.</p>
          </div>
        )}

        {results.length > 0 && (
          <ul className={styles.photos} aria-label="Photos in the trash" aria-busy={trash.isPlaceholderData}>
            {results.map((photo) => (
              <TrashedPhotoCard key={photo.id} photo={photo} onRestored={restored} onDeleted={deleted} />
            ))}
          </ul>
        )}

        {trash.data && (
          <Pager
            label="Trash pages"
            page={page}
            pageCount={pageCountOf(count, TRASH_PAGE_SIZE)}
            hasPrevious={Boolean(trash.data.previous)}
            hasNext={Boolean(trash.data.next)}
            onPageChange={setPage}
          />
        )}
      </main>
    </>
  );
}
