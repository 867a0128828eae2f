import { useCallback, useEffect, useRef, useState } from "react";
import { Link, Outlet, useMatch } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/alert";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/button";
import { SkipLinks } from "@/components/skip-links";
import { useAlbum } from "@/features/albums/api/get-albums";
import { AddToAlbum } from "@/features/albums/components/add-to-album";
import { AlbumHeader } from "@/features/albums/components/album-header";
import { AlbumNoticeLine } from "@/features/albums/components/album-notice-line";
import { AlbumPhotoActions } from "@/features/albums/components/album-photo-actions";
import { SaveSearchAsAlbum } from "@/features/albums/components/save-search-as-album";
import type { AlbumNotice } from "@/features/albums/utils/album-notice";
import { useLogOut } from "@/features/auth/api/sign-in";
import { searchKey, searchRefusal, useImages, type GallerySearch } from "@/features/images/api/get-images";
import { useUploadQueue } from "@/features/images/api/upload-images";
import { DropZone } from "@/features/images/components/drop-zone";
import { GALLERY_HEADING_ID, Gallery, galleryHeading } from "@/features/images/components/gallery";
import { LabelFilter } from "@/features/images/components/label-filter";
import type { PhotoViewContext } from "@/features/images/components/photo-view";
import { UploadButton } from "@/features/images/components/upload-button";
import { UploadList } from "@/features/images/components/upload-list";
import { useGalleryFilters } from "@/features/images/hooks/use-gallery-filters";
import { useOthersPhotos, type ListedPhoto } from "@/features/images/hooks/use-others-photos";
import { useSelection } from "@/features/images/hooks/use-selection";
import { SearchBox } from "@/features/search/components/search-box";
import { StartTaskBar } from "@/features/tasks/components/start-task-bar";
import { TaskStrip } from "@/features/tasks/components/task-strip";
import { TasksPanel } from "@/features/tasks/components/tasks-panel";
import { invalidateGallery } from "@/lib/image-cache";
import { useDocumentTitle } from "@/lib/use-document-title";
import { useThrottledCallback } from "@/lib/use-throttled-callback";
import type { Task, User } from "@/types/api";
import styles from "./library.module.css";

/** The room left between the sticky top (bar and task strip) and the task panel brought into view under it. */
const SCROLL_GAP_PX = 12;
/** While a task runs, the photos it has done show their results at most this often (at once, at first). */
const LIVE_RESULTS_MS = 1000;
/** Where the skip link to the tasks leads. */
const TASKS_PANEL_ID = "tasks";

/** The tab's name for the library: "Search: dog", "Photos with “person”", "Album: Holidays", "All photos". */
function libraryTitle(search: GallerySearch, albumTitle: string | undefined): string {
  if (search.query) return `Search: ${search.query}`;
  return albumTitle && !search.label ? `Album: ${albumTitle}` : galleryHeading(search);
}

export function LibraryRoute({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const logOut = useLogOut();
  const { filters, setFilters } = useGalleryFilters();
  const selection = useSelection();
  const { uploads, addFiles, clearFinished } = useUploadQueue();
  const [startedTask, setStartedTask] = useState<Task | null>(null);
  const [albumNotice, setAlbumNotice] = useState<AlbumNotice | null>(null);
  const album = useAlbum(filters.album ?? null);
  const stickyTop = useRef<HTMLDivElement>(null);
  const tasksPanel = useRef<HTMLElement>(null);

  // Photos are selected among those a search finds (on any of its pages): another search starts with none, so
  // that the task bar and Export never take photos the gallery does not show.
  const search = searchKey(filters);
  const clearSelection = selection.clear;
  useEffect(() => {
    clearSelection();
  }, [search, clearSelection]);

  // The panel's top goes just under the sticky top, however tall it is: on a phone the task strip wraps.
  const showTasks = () => {
    const panel = tasksPanel.current;
    if (!panel) return;
    const covered = (stickyTop.current?.getBoundingClientRect().height ?? 0) + SCROLL_GAP_PX;
    window.scrollTo({ top: window.scrollY + panel.getBoundingClientRect().top - covered, behavior: "smooth" });
    panel.focus({ preventScroll: true });
  };

  // The gallery's own request (shared, not repeated): a search the API refused is said under the search box, and
  // with no search at all, it says whether the library has any photo.
  const images = useImages(filters);
  const refusal = searchRefusal(images.error, filters);
  const libraryIsEmpty = search === "" && images.data?.count === 0;

  // An album shared with you shows others' photos: only what their owner may do is left out for a selection
  // holding any (adding them to an album, running a task, exporting).
  const othersPhotos = useOthersPhotos();
  const notePhotos = othersPhotos.note;
  const shownPhotos = images.data?.results;
  useEffect(() => {
    if (shownPhotos) notePhotos(shownPhotos);
  }, [shownPhotos, notePhotos]);
  const selectPhotos = (photos: ListedPhoto[]) => {
    notePhotos(photos);
    selection.selectAll(photos.map((photo) => photo.id));
  };
  const selectedIds = [...selection.selected];
  const othersSelected = othersPhotos.countAmong(selectedIds);
  // Only your own photos go into an album ("Add to album" lists those your role lets you add to).
  const mayAddToAlbums = othersSelected === 0;

  const changePage = useCallback((page: number) => setFilters({ page }), [setFilters]);
  const refreshGallery = useCallback(() => invalidateGallery(queryClient), [queryClient]);
  // A running task stores its results batch by batch: the photos it has done show them before it ends.
  const refreshGalleryLive = useThrottledCallback(refreshGallery, LIVE_RESULTS_MS);
  const photoViewContext: PhotoViewContext = { onImageDeleted: selection.deselect };
  // While a photo is open, the page behind it is out of reach of keyboard and screen reader, and the photo names
  // the tab.
  const photoIsOpen = useMatch("/photos/:imageId") !== null;
  useDocumentTitle(photoIsOpen ? null : libraryTitle(filters, album.data?.title));

  const taskStarted = (task: Task) => {
    setStartedTask(task);
    selection.clear();
  };

  const albumChanged = (notice: AlbumNotice) => {
    setAlbumNotice(notice);
    selection.clear();
  };

  return (
    <>
      <div inert={photoIsOpen}>
        <SkipLinks
          links={[
            { targetId: GALLERY_HEADING_ID, text: "Skip to photos" },
            { targetId: TASKS_PANEL_ID, text: "Skip to tasks" },
          ]}
        />
        <div ref={stickyTop} className={styles.top}>
          <header className={styles.topbar}>
            <Brand />
            <div className={styles.actions}>
              <Link
                className={buttonClass({ variant: "ghost", size: "small", className: styles.viewLink })}
                to="/albums"
                title="Albums: photos you chose, and searches kept up to date"
              >
                <svg className={styles.viewIcon} viewBox="0 0 24 24" aria-hidden="true">
                  <rect x="3" y="5" width="18" height="14" rx="2" />
                  <path d="m3 16 5-5 4 4 3-3 6 6" />
                </svg>
                <span className={styles.viewText}>Albums</span>
              </Link>
              <Link
                className={buttonClass({ variant: "ghost", size: "small", className: styles.viewLink })}
                to="/people"
                title="People: the faces found in your photos, to name and search by name"
              >
                <svg className={styles.viewIcon} viewBox="0 0 24 24" aria-hidden="true">
                  <circle cx="12" cy="8" r="4" />
                  <path d="M4 21a8 8 0 0 1 16 0" />
                </svg>
                <span className={styles.viewText}>People</span>
              </Link>
              <Link
                className={buttonClass({ variant: "ghost", size: "small", className: styles.viewLink })}
                to="/duplicates"
                title="Duplicates: the same picture stored twice, and bursts"
              >
                <svg className={styles.viewIcon} viewBox="0 0 24 24" aria-hidden="true">
                  <rect x="8" y="8" width="12" height="12" rx="2" />
                  <path d="M16 4H6a2 2 0 0 0-2 2v10" />
                </svg>
                <span className={styles.viewText}>Duplicates</span>
              </Link>
              <Link
                className={buttonClass({ variant: "ghost", size: "small", className: styles.viewLink })}
                to="/trash"
                title="Trash: deleted photos, which can be restored"
              >
                <svg className={styles.viewIcon} viewBox="0 0 24 24" aria-hidden="true">
                  <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
                </svg>
                <span className={styles.viewText}>Trash</span>
              </Link>
              <UploadButton onFiles={addFiles} />
              <div className={styles.account}>
                <span className={`${styles.user} muted`} title={`Signed in as ${user.username}`}>
                  {user.username}
                </span>
                <button
                  type="button"
                  className={buttonClass({ variant: "ghost", size: "small" })}
                  onClick={() => logOut.mutate()}
                  disabled={logOut.isPending}
                >
                  Log out
                </button>
              </div>
            </div>
          </header>
          {startedTask && (
            <TaskStrip
              key={startedTask.id}
              task={startedTask}
              onShowTasks={showTasks}
              onDismiss={() => setStartedTask(null)}
            />
          )}
        </div>
        {logOut.isError && <Alert error={logOut.error} />}

        <div className={styles.workspace}>
          <main className={styles.main}>
            <h1 className="visually-hidden">Your photo library</h1>
            <UploadList uploads={uploads} onClear={clearFinished} />
            {album.data && <AlbumHeader album={album.data} username={user.username} />}
            {album.isError && (
              <Alert
                error={album.error}
                action={
                  <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/albums">
                    All albums
                  </Link>
                }
              />
            )}
            <LabelFilter
              label={filters.label}
              minConfidence={filters.minConfidence}
              takenAfter={filters.takenAfter}
              takenBefore={filters.takenBefore}
              onChange={setFilters}
              libraryIsEmpty={libraryIsEmpty}
              search={<SearchBox query={filters.query} refusal={refusal} onSearch={(query) => setFilters({ query })} />}
            />
            {search !== "" && !filters.album && !refusal && <SaveSearchAsAlbum key={search} search={filters} />}
            {albumNotice && <AlbumNoticeLine notice={albumNotice} onDismiss={() => setAlbumNotice(null)} />}
            <Gallery
              filters={filters}
              onPageChange={changePage}
              selected={selection.selected}
              onToggle={selection.toggle}
              onSelectAll={selectPhotos}
              onFiles={addFiles}
              othersSelected={othersSelected}
              selectionBar={
                selection.selected.size > 0 && (
                  <>
                    {mayAddToAlbums && <AddToAlbum selectedIds={selectedIds} onAdded={albumChanged} />}
                    {album.data && (
                      <AlbumPhotoActions
                        album={album.data}
                        selectedIds={selectedIds}
                        othersSelected={othersSelected}
                        onDone={albumChanged}
                      />
                    )}
                    <StartTaskBar
                      selectedIds={selectedIds}
                      othersSelected={othersSelected}
                      onClear={selection.clear}
                      onStarted={taskStarted}
                    />
                  </>
                )
              }
            />
          </main>
          <aside id={TASKS_PANEL_ID} ref={tasksPanel} className={styles.side} tabIndex={-1} aria-label="Tasks">
            <TasksPanel onTaskFinished={refreshGallery} onResultsRecorded={refreshGalleryLive} />
          </aside>
        </div>
      </div>
      <DropZone onFiles={addFiles} />
      <Outlet context={photoViewContext} />
    </>
  );
}
