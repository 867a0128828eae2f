import { ProgressBar } from "@/components/progress-bar";
import type { Upload } from "../api/upload-images";

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
    <section className="panel uploads" aria-labelledby="uploads-heading">
      <header className="panel__header">
        <h2 id="uploads-heading" className="panel__title">
          Uploads
        </h2>
        <p className="uploads__summary" role="status">
          {done} of {uploads.length} uploaded
          {failed > 0 && <span className="uploads__failed"> · {failed} rejected</span>}
        </p>
        {busy === 0 && (
          <button type="button" className="button button--ghost button--small" onClick={onClear}>
            Dismiss
          </button>
        )}
      </header>
      {listed.length > 0 && (
        <ul className="uploads__list">
          {listed.map((upload) => (
            <li key={upload.id} className="upload" data-status={upload.status}>
              <span className="upload__name" title={upload.file.name}>
                {upload.file.name}
              </span>
              {upload.status === "failed" ? (
                <span className="upload__error">{uploadStatusText(upload)}</span>
              ) : (
                <>
                  <ProgressBar value={upload.progress * 100} label={`Upload of ${upload.file.name}`} tone="upload" />
                  <span className="upload__status">{uploadStatusText(upload)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
