/** Where an album opens (the app shows it as the library filtered by it). */
export function albumPath(albumId: string): string {
  return `/albums/${albumId}`;
}
