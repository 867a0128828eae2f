import { useCallback, useState } from "react";
import type { Image } from "@/types/api";

/** A photo as a list names it: enough to tell whose it is. */
export type ListedPhoto = Pick<Image, "id" | "yours">;

/**
 * The photos of someone else's the library has listed (`yours: false`: seen through an album shared with you), kept
 * across pages like the selection, so that what only a photo's owner may do (run a task, export, delete, add to an
 * album) is not offered for a selection that holds any.
 */
export function useOthersPhotos() {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());

  const note = useCallback((photos: readonly ListedPhoto[]) => {
    const others = photos.filter((photo) => !photo.yours).map((photo) => photo.id);
    if (others.length === 0) return;
    setIds((current) => (others.every((id) => current.has(id)) ? current : new Set([...current, ...others])));
  }, []);

  /** How many of these photos are someone else's. */
  const countAmong = useCallback(
    (photoIds: Iterable<string>) => [...photoIds].filter((id) => ids.has(id)).length,
    [ids],
  );

  return { note, countAmong };
}
