const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

/** Where Tab stops inside `container`, in the page's order: what can take the focus, is shown and is not disabled. */
function tabStops(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => element.tabIndex >= 0 && !element.matches(":disabled") && element.getClientRects().length > 0,
  );
}

/**
 * Keeps Tab and Shift+Tab inside `container`, a modal dialog: past its last stop the focus goes round to its first,
 * and back from the first to the last, rather than out to the page behind or the browser's own controls.
 */
export function keepTabWithin(event: KeyboardEvent, container: HTMLElement) {
  if (event.key !== "Tab") return;
  const stops = tabStops(container);
  if (stops.length === 0) return;
  const [first, last] = [stops[0], stops[stops.length - 1]];
  const active = document.activeElement;
  const outside = !container.contains(active);
  if (event.shiftKey ? active === first || outside : active === last || outside) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
