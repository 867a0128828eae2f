import type { SearchMatch, TextLine } from "@/types/api";

/** The lines of text the search matched in a photo (its `matches` of kind text), as read. */
export function matchedLines(matches: readonly SearchMatch[]): ReadonlySet<string> {
  return new Set(matches.filter((match) => match.kind === "text").map((match) => match.matched));
}

/**
 * The lines whose boxes are drawn on the photo, by their place in the list: the one pointed at (hovered or
 * focused), else those the search matched.
 */
export function highlightedLines(
  lines: readonly TextLine[],
  matched: ReadonlySet<string>,
  pointed: number | null,
): ReadonlySet<number> {
  if (pointed !== null) return new Set([pointed]);
  return new Set(lines.flatMap((line, index) => (matched.has(line.text) ? [index] : [])));
}

/** The text read in a photo, a line each, as it is copied. */
export function linesText(lines: readonly TextLine[]): string {
  return lines.map((line) => line.text).join("\n");
}
