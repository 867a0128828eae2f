import { useEffect } from "react";

/**
 * Names the browser's tab and history entry after the view shown: "Search: dog — Spotter". Null leaves the title
 * to another view (the photo open over the library names the tab while it is open).
 */
export function useDocumentTitle(title: string | null) {
  useEffect(() => {
    if (title !== null) document.title = `${title} — Spotter`;
  }, [title]);
}
