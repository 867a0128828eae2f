import { buttonClass } from "@/components/button";
import { Panel } from "@/components/panel";
import { ProgressBar } from "@/components/progress-bar";
import type { Upload } from "../api/upload-images";
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
    case "failed":
      return upload.error ?? "Upload failed.";
  }
}

export function UploadList({ uploads, onClear }: UploadListProps) {
  if (uploads.length === 0) return null;
  const done = uploads.filter((upload) => upload.status === "done").length;
  const failed = uploads.filter((upload) => upload.status === "failed").length;
  const busy = uploads.length - done - failed;
  // While files are moving every row is shown; afterwards only the rejected ones stay listed.
  const listed = (busy > 0 ? uploads : uploads.filter((upload) => upload.status === "failed")).toSorted(
    (a, b) => Number(b.status === "failed") - Number(a.status === "failed"),
  );

  return (
    <Panel
      title="Uploads"
      headerExtra={
        <>
          <p className={styles.summary} role="status">
            {done} of {uploads.length} uploaded
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
      {listed.length > 0 && (
        <ul className={styles.list}>
          {listed.map((upload) => (
            <li key={upload.id} className={styles.upload} data-status={upload.status}>
              <span className={styles.name} title={upload.file.name}>
                {upload.file.name}
              </span>
              {upload.status === "failed" ? (
                <span className={styles.error}>{uploadStatusText(upload)}</span>
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
