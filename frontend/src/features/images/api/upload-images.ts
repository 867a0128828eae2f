import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, NETWORK_ERROR_MESSAGE, csrfHeaders, parseJson, toApiError } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import { endSession, isSessionExpired } from "@/lib/query-client";
import { useLeaveWarning } from "@/lib/use-leave-warning";
import type { UploadResult, UploadedImage } from "@/types/api";

const PARALLEL_UPLOADS = 3;

function rejectionOf(status: number, body: unknown): ApiError {
  // A rejected file's `error` is shaped like the API's own error body: `{"code", "message"}`.
  const fileError = (body as Partial<UploadResult> | null)?.errors?.[0]?.error;
  return toApiError(status, fileError?.message ? { error: fileError } : body);
}

/**
 * Sends one file as its own `POST /api/images/` so that it gets its own progress. It resolves to the photo
 * stored, which is the one stored before (`duplicate: true`) when the library already had these bytes.
 * XMLHttpRequest rather than the typed client: fetch reports no upload progress.
 */
export function uploadImage(file: File, onProgress: (fraction: number) => void): Promise<UploadedImage> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/images/");
    request.setRequestHeader("Accept", "application/json");
    for (const [name, value] of Object.entries(csrfHeaders("POST"))) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = parseJson(request.responseText);
      const stored = (body as Partial<UploadResult> | null)?.images?.[0];
      if (request.status >= 200 && request.status < 300 && stored) resolve(stored);
      else reject(rejectionOf(request.status, body));
    };
    request.onerror = () => reject(new ApiError(0, "network_error", NETWORK_ERROR_MESSAGE));
    const form = new FormData();
    form.append("files", file);
    request.send(form);
  });
}

/** "done": stored as a new photo; "duplicate": the library already had it, and nothing new was stored. */
export type UploadStatus = "waiting" | "uploading" | "done" | "duplicate" | "failed";
export type Upload = {
  id: number;
  file: File;
  progress: number;
  status: UploadStatus;
  error?: string;
  /** The photo in the library: the new one, or for a duplicate the one stored before. */
  imageId?: string;
  /** For a duplicate of a file earlier in the same upload: that file's name (it was the one kept). */
  sameAs?: string;
};

let nextUploadId = 1;

export function isBusy(upload: Upload): boolean {
  return upload.status === "waiting" || upload.status === "uploading";
}

/**
 * A queue that uploads a few files at a time, one request each. The gallery is refreshed as each file
 * lands (without cutting short a refresh already under way) and once more when the queue runs dry.
 * Files added while nothing is moving start a new batch: the finished one is cleared away. While files are
 * waiting or on their way, leaving the page asks first: they would not be sent.
 */
export function useUploadQueue() {
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const storedSinceRefresh = useRef(false);
  useLeaveWarning(uploads.some(isBusy));

  const update = useCallback((id: number, change: Partial<Upload>) => {
    setUploads((current) => current.map((upload) => (upload.id === id ? { ...upload, ...change } : upload)));
  }, []);

  useEffect(() => {
    const uploading = uploads.filter((upload) => upload.status === "uploading").length;
    // Two copies of a photo in one upload: the one the user listed first is stored, so a file waits while an
    // earlier one of the same size (a copy has the same size) is on its way.
    const toStart = uploads
      .filter(
        (upload, position) =>
          upload.status === "waiting" &&
          !uploads.slice(0, position).some((earlier) => isBusy(earlier) && earlier.file.size === upload.file.size),
      )
      .slice(0, Math.max(0, PARALLEL_UPLOADS - uploading));

    if (uploading === 0 && toStart.length === 0 && storedSinceRefresh.current) {
      storedSinceRefresh.current = false;
      invalidateGallery(queryClient);
    }
    for (const upload of toStart) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the effect hands files to XHR; the mark keeps its next run off them
      update(upload.id, { status: "uploading" });
      uploadImage(upload.file, (progress) => update(upload.id, { progress }))
        .then((image) => {
          if (image.duplicate) {
            setUploads((current) => {
              const kept = current.find((other) => other.status === "done" && other.imageId === image.id);
              return current.map((other) =>
                other.id === upload.id
                  ? { ...other, status: "duplicate", progress: 1, imageId: image.id, sameAs: kept?.file.name }
                  : other,
              );
            });
            return; // nothing new in the library
          }
          storedSinceRefresh.current = true;
          update(upload.id, { status: "done", progress: 1, imageId: image.id });
          invalidateGallery(queryClient, { cancelRefetch: false });
        })
        .catch((error: unknown) => {
          if (isSessionExpired(error)) endSession(queryClient);
          const message = error instanceof ApiError ? error.message : NETWORK_ERROR_MESSAGE;
          update(upload.id, { status: "failed", error: message });
        });
    }
  }, [uploads, update, queryClient]);

  const addFiles = useCallback((files: Iterable<File>) => {
    const added = Array.from(files, (file): Upload => ({ id: nextUploadId++, file, progress: 0, status: "waiting" }));
    if (added.length) setUploads((current) => (current.some(isBusy) ? [...current, ...added] : added));
  }, []);

  const clearFinished = useCallback(() => {
    setUploads((current) => current.filter(isBusy));
  }, []);

  return { uploads, addFiles, clearFinished };
}
