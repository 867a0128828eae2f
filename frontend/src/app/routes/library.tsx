import { useCallback } from "react";
import { Outlet, useMatch } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/alert";
import { Brand } from "@/components/brand";
import { buttonClass } from "@/components/button";
import { useLogOut } from "@/features/auth/api/sign-in";
import { invalidateGallery } from "@/features/images/api/get-images";
import { useUploadQueue } from "@/features/images/api/upload-images";
import { DropZone } from "@/features/images/components/drop-zone";
import { Gallery } from "@/features/images/components/gallery";
import { LabelFilter } from "@/features/images/components/label-filter";
import type { PhotoViewContext } from "@/features/images/components/photo-view";
import { UploadButton } from "@/features/images/components/upload-button";
import { UploadList } from "@/features/images/components/upload-list";
import { useGalleryFilters } from "@/features/images/hooks/use-gallery-filters";
import { useSelection } from "@/features/images/hooks/use-selection";
import { StartTaskBar } from "@/features/tasks/components/start-task-bar";
import { TasksPanel } from "@/features/tasks/components/tasks-panel";
import type { User } from "@/types/api";
import styles from "./library.module.css";

export function LibraryRoute({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const logOut = useLogOut();
  const { filters, setFilters } = useGalleryFilters();
  const selection = useSelection();
  const { uploads, addFiles, clearFinished } = useUploadQueue();

  const changePage = useCallback((page: number) => setFilters({ page }), [setFilters]);
  const refreshGallery = useCallback(() => invalidateGallery(queryClient), [queryClient]);
  const photoViewContext: PhotoViewContext = { onImageDeleted: selection.deselect };
  // While a photo is open, the page behind it is out of reach of keyboard and screen reader.
  const photoIsOpen = useMatch("/photos/:imageId") !== null;

  return (
    <>
      <div inert={photoIsOpen}>
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
        {logOut.isError && <Alert error={logOut.error} />}

        <main className={styles.workspace}>
          <div className={styles.main}>
            <UploadList uploads={uploads} onClear={clearFinished} />
            <LabelFilter label={filters.label} minConfidence={filters.minConfidence} onChange={setFilters} />
            <Gallery
              filters={filters}
              onPageChange={changePage}
              selected={selection.selected}
              onToggle={selection.toggle}
              onSelectAll={selection.selectAll}
              onFiles={addFiles}
            />
          </div>
          <aside className={styles.side}>
            <TasksPanel onTaskFinished={refreshGallery} />
          </aside>
        </main>

        {selection.selected.size > 0 && (
          <StartTaskBar selectedIds={[...selection.selected]} onClear={selection.clear} onStarted={selection.clear} />
        )}
      </div>
      <DropZone onFiles={addFiles} />
      <Outlet context={photoViewContext} />
    </>
  );
}
