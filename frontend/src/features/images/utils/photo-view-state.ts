/** The history state of a photo view opened from within the app (a card, an upload), on an entry of its own. */
export const OPENED_IN_APP = { openedInApp: true } as const;

/** Whether the photo view was opened from within the app: closing it goes back to the entry before it. */
export function wasOpenedInApp(state: unknown): boolean {
  return typeof state === "object" && state !== null && "openedInApp" in state && state.openedInApp === true;
}

/** The id of a photo's card's Open link, where the focus goes back to when the photo view closes. */
export function openLinkId(imageId: string): string {
  return `open-${imageId}`;
}
