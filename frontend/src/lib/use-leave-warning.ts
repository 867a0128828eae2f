import { useEffect } from "react";

/**
 * While `active`, leaving the page (reload, close, another address) first asks the browser's own "Leave page?":
 * for work that would be lost, such as files not yet uploaded. Never otherwise: the prompt is for real losses only.
 */
export function useLeaveWarning(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active]);
}
