/** Where a shared album's page opens: `/shared/<token>`, with its page (`?page=2`) kept in `search`. */
export function sharedAlbumPath(token: string, search = ""): string {
  return `/shared/${encodeURIComponent(token)}${search}`;
}

/** Where one of its photos opens, over the page it is on. */
export function sharedPhotoPath(token: string, photoId: string, search = ""): string {
  return `/shared/${encodeURIComponent(token)}/photos/${photoId}${search}`;
}

/** "Photo 3 of 12": a photo of a shared album has no name a visitor may see, only its place in the album. */
export function sharedPhotoName(position: number, count: number): string {
  return `Photo ${position} of ${count}`;
}

/** The history state of a photo opened from the album's grid, on an entry of its own: closing it goes back. */
export const OPENED_FROM_GRID = { openedFromGrid: true } as const;

export function wasOpenedFromGrid(state: unknown): boolean {
  return typeof state === "object" && state !== null && "openedFromGrid" in state && state.openedFromGrid === true;
}
