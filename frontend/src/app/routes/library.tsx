import { useCallback, useEffect, useRef, useState } from "react";
import { Outlet, useMatch } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/alert";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/button";
import { useLogOut } from "@/features/auth/api/sign-in";
import { invalidateGallery, searchKey, searchRefusal, useImages } from "@/features/images/api/get-images";
import { useUploadQueue } from "@/features/images/api/upload-images";
import { DropZone } from "@/features/images/components/drop-zone";
import { Gallery } from "@/features/images/components/gallery";
import { LabelFilter } from "@/features/images/components/label-filter";
import type { PhotoViewContext } from "@/features/images/components/photo-view";
import { UploadButton } from "@/features/images/components/upload-button";
import { UploadList } from "@/features/images/components/upload-list";
import { useGalleryFilters } from "@/features/images/hooks/use-gallery-filters";
import { useSelection } from "@/features/images/hooks/use-selection";
import { SearchBox } from "@/features/search/components/search-box";
import { StartTaskBar } from "@/features/tasks/components/start-task-bar";
import { TaskStrip } from "@/features/tasks/components/task-strip";
import { TasksPanel } from "@/features/tasks/components/tasks-panel";
import type { Task, User } from "@/types/api";
import styles from "./library.module.css";

/** The room left between the sticky top (bar and task strip) and the task panel brought into view under it. */
const SCROLL_GAP_PX = 12;

export function LibraryRoute({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const logOut = useLogOut();
  const { filters, setFilters } = useGalleryFilters();
  const selection = useSelection();
  const { uploads, addFiles, clearFinished } = useUploadQueue();
  const [startedTask, setStartedTask] = useState<Task | null>(null);
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

  // The gallery's own request (shared, not repeated): a search the API refuses is said under the search box.
  const refusal = searchRefusal(useImages(filters).error, filters);

  const changePage = useCallback((page: number) => setFilters({ page }), [setFilters]);
  const refreshGallery = useCallback(() => invalidateGallery(queryClient), [queryClient]);
  const photoViewContext: PhotoViewContext = { onImageDeleted: selection.deselect };
  // While a photo is open, the page behind it is out of reach of keyboard and screen reader.
  const photoIsOpen = useMatch("/photos/:imageId") !== null;

  const taskStarted = (task: Task) => {
    setStartedTask(task);
    selection.clear();
  };

  return (
    <>
      <div inert={photoIsOpen}>
        <div ref={stickyTop} className={styles.top}>
          <header className={styles.topbar}>
            <Brand />
            <div className={styles.actions}>
              <UploadButton onFiles={addFiles} />
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

        <main className={styles.workspace}>
          <h1 className="visually-hidden">Your photo library</h1>
          <div className={styles.main}>
            <UploadList uploads={uploads} onClear={clearFinished} />
            <LabelFilter
              label={filters.label}
              minConfidence={filters.minConfidence}
              takenAfter={filters.takenAfter}
              takenBefore={filters.takenBefore}
              onChange={setFilters}
              search={<SearchBox query={filters.query} refusal={refusal} onSearch={(query) => setFilters({ query })} />}
            />
            <Gallery
              filters={filters}
              onPageChange={changePage}
              selected={selection.selected}
              onToggle={selection.toggle}
              onSelectAll={selection.selectAll}
              onFiles={addFiles}
            />
          </div>
          <aside ref={tasksPanel} className={styles.side} tabIndex={-1}>
            <TasksPanel onTaskFinished={refreshGallery} />
          </aside>
        </main>

        {selection.selected.size > 0 && (
          <StartTaskBar selectedIds={[...selection.selected]} onClear={selection.clear} onStarted={taskStarted} />
        )}
      </div>
      <DropZone onFiles={addFiles} />
      <Outlet context={photoViewContext} />
    </>
  );
}
