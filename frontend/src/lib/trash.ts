import { api, unwrap } from "@/lib/api-client";
import type { Image } from "@/types/api";

/**
 * Puts a photo from the trash back in the library, with its detections and tags: the Trash's Restore and the
 * Duplicates' Undo. Refused (409 `already_in_library`) while the same photo is in the library again.
 */
export function restoreFromTrash(photoId: string): Promise<Image> {
  return unwrap(api.POST("/api/trash/{photo_id}/restore", { params: { path: { photo_id: photoId } } }));
}
