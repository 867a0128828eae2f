import { formatDay } from "@/lib/format";

/**
 * The gallery's date range in words: "1 May 2024 – 31 May 2024", "from 1 May 2024", "until 31 May 2024",
 * or null when there is none.
 */
export function dateRangeText(takenAfter?: string | null, takenBefore?: string | null): string | null {
  if (takenAfter && takenBefore) return `${formatDay(takenAfter)} – ${formatDay(takenBefore)}`;
  if (takenAfter) return `from ${formatDay(takenAfter)}`;
  if (takenBefore) return `until ${formatDay(takenBefore)}`;
  return null;
}

/** Whether a range ends before it starts (YYYY-MM-DD days compare as text): it would find no photo. */
export function isReversedRange(takenAfter?: string | null, takenBefore?: string | null): boolean {
  return Boolean(takenAfter && takenBefore && takenAfter > takenBefore);
}
