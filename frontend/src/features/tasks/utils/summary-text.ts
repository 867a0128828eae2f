import { formatPercent, plural } from "@/lib/format";
import type { SummaryKind } from "../api/get-task-types";

/**
 * What a task's summary says in words: over its chips, what they count (the gallery's filters count photos,
 * these count objects, or best tags); for a task that only reads, the photos with text, which no chip would say
 * better; and in their place, that nothing was found.
 */
export function summaryText(kind: SummaryKind, summary: Record<string, number>, minConfidence: number): string {
  if (Object.keys(summary).length === 0) {
    if (kind === "objects") return `Nothing found at ${formatPercent(minConfidence)} or more.`;
    return kind === "tags" ? "No tags found." : "No text found.";
  }
  if (kind === "objects")
    return `Found ${plural(
      Object.values(summary).reduce((sum, count) => sum + count, 0),
      "object",
    )}`;
  return kind === "tags" ? "The best tag of each photo" : `Text in ${plural(summary.text ?? 0, "photo")}`;
}
