import { Link, useLocation } from "react-router";
import { buttonClass } from "@/components/button";
import { Panel } from "@/components/panel";
import { ProgressBar } from "@/components/progress-bar";
import { formatBytes } from "@/lib/format";
import type { Upload, UploadStatus } from "../api/upload-images";
import { OPENED_IN_APP } from "../utils/photo-view-state";
import styles from "./upload-list.module.css";

type UploadListProps = { uploads: Upload[]; onClear: () => void };

function uploadStatusText(upload: Upload): string {
  switch (upload.status) {
    case "waiting":
      return "Waiting";
    case "uploading":
      return upload.progress >= 1 ? "Processing…" : "Uploading";
    case "done":
      return "Uploaded";
    case "duplicate":
      return upload.sameAs ? `The same photo as ${upload.sameAs}, which was kept` : "Already in your library";
    case "failed":
      return upload.error ?? "Upload failed.";
  }
}

// Files on their way first, then the ones that need a look, then the queue, then what is done.
const LIST_ORDER: Record<UploadStatus, number> = { uploading: 0, failed: 1, waiting: 2, duplicate: 3, done: 4 };

/**
 * The batch as a whole: new photos stored, files the library already had, files rejected, and bytes done with
 * (sent, or of a file settled either way) of all the batch's bytes: once no file is moving, all of them.
 */
export function uploadTotals(uploads: Upload[]) {
  let bytesDone = 0;
  let bytesTotal = 0;
  for (const upload of uploads) {
    bytesTotal += upload.file.size;
    if (upload.status === "uploading") bytesDone += upload.file.size * upload.progress;
    else if (upload.status !== "waiting") bytesDone += upload.file.size;
  }
  const count = (status: UploadStatus) => uploads.filter((upload) => upload.status === status).length;
  const done = count("done");
  const duplicates = count("duplicate");
  const failed = count("failed");
  return { done, duplicates, failed, busy: uploads.length - done - duplicates - failed, bytesDone, bytesTotal };
}

/** A file the library already had: a calm note, and the way to the photo stored before. */
function AlreadyInLibrary({ upload }: { upload: Upload }) {
  const { search } = useLocation();
  return (
    <span className={styles.duplicate}>
      {uploadStatusText(upload)}
      {upload.imageId && (
        <>
          {" · "}
          <Link
            to={`/photos/${upload.imageId}${search}`}
            state={OPENED_IN_APP}
            aria-label={`Show ${upload.file.name} in your library`}
          >
            Show
          </Link>
        </>
      )}
    </span>
  );
}

export function UploadList({ uploads, onClear }: UploadListProps) {
  if (uploads.length === 0) return null;
  const { done, duplicates, failed, busy, bytesDone, bytesTotal } = uploadTotals(uploads);
  // While files are moving every row is shown; afterwards only the rejected ones and those the library already
  // had stay listed.
  const listed = (
    busy > 0 ? uploads : uploads.filter((upload) => upload.status === "failed" || upload.status === "duplicate")
  ).toSorted((a, b) => LIST_ORDER[a.status] - LIST_ORDER[b.status]);
  const settled = done + duplicates + failed;

  return (
    <Panel
      title="Uploads"
      headerExtra={
        <>
          <p className={styles.summary} role="status">
            {done} of {uploads.length} uploaded
            {duplicates > 0 && <span> · {duplicates} already in your library</span>}
            {failed > 0 && <span className={styles.failed}> · {failed} rejected</span>}
          </p>
          {busy === 0 && (
            <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={onClear}>
              Dismiss
            </button>
          )}
        </>
      }
    >
      <div className={styles.overall}>
        <ProgressBar
          value={bytesTotal > 0 ? (bytesDone / bytesTotal) * 100 : (settled / uploads.length) * 100}
          label="All uploads"
          tone="upload"
        />
        <span className={styles.bytes}>
          {formatBytes(bytesDone)} of {formatBytes(bytesTotal)}
        </span>
      </div>
      {listed.length > 0 && (
        <ul className={styles.list} aria-label="Files">
          {listed.map((upload) => (
            <li key={upload.id} className={styles.upload} data-status={upload.status}>
              <span className={styles.name} title={upload.file.name}>
                {upload.file.name}
              </span>
              {upload.status === "failed" ? (
                <span className={styles.error}>{uploadStatusText(upload)}</span>
              ) : upload.status === "duplicate" ? (
                <AlreadyInLibrary upload={upload} />
              ) : (
                <>
                  <ProgressBar
                    value={upload.progress * 100}
                    label={`Upload of ${upload.file.name}`}
                    tone="upload"
                    className={styles.progress}
                  />
                  <span className={styles.status}>{uploadStatusText(upload)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
