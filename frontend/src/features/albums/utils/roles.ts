import type { Album } from "../api/get-albums";

const ROLE_NAMES: Record<string, string> = { owner: "Owner", contributor: "Contributor", viewer: "Viewer" };

/** A role's name for people: "Viewer". */
export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

/** The album is yours: you edit, delete and share it, and choose its cover. */
export function isOwner(album: Pick<Album, "role">): boolean {
  return album.role === "owner";
}

/** Photos of yours may go into it: an album of yours, or one shared with you as a contributor; never a live one. */
export function canAddPhotos(album: Pick<Album, "role" | "live">): boolean {
  return !album.live && (album.role === "owner" || album.role === "contributor");
}

/**
 * Whether the selected photos may be taken out of the album: its owner takes out any, a contributor only their
 * own; a viewer none, and no one from a live album (its photos are its search's).
 */
export function canRemovePhotos(album: Pick<Album, "role" | "live">, othersSelected: number): boolean {
  if (album.live) return false;
  return album.role === "owner" || (album.role === "contributor" && othersSelected === 0);
}
