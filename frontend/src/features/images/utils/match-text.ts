import { formatConfidence } from "@/lib/format";
import type { SearchMatch } from "@/types/api";

/**
 * What one term of the search matched in a photo: "cat" → ["Egyptian cat (tag 86%)", "cat (box 91%)"],
 * "text:sunflower" → ["“Wi-Fi password: sunflower”"].
 */
export type TermMatches = { term: string; found: string[] };

/**
 * "Egyptian cat (tag 86%)", "cat (box 91%)": the label or tag that matched, and how sure the model was;
 * "“Wi-Fi password: sunflower”": the line of text read that matched, in quotes.
 */
export function matchedText({ matched, kind, confidence }: SearchMatch): string {
  if (kind === "text") return `“${matched}”`;
  return `${matched} (${kind === "tag" ? "tag" : "box"} ${formatConfidence(confidence)})`;
}

/** Why a photo matched the search, per term in the query's order, the surest first within each. */
export function groupMatches(matches: readonly SearchMatch[]): TermMatches[] {
  const byTerm = new Map<string, SearchMatch[]>();
  for (const match of matches) byTerm.set(match.term, [...(byTerm.get(match.term) ?? []), match]);
  return [...byTerm].map(([term, found]) => ({
    term,
    found: found.toSorted((a, b) => b.confidence - a.confidence).map(matchedText),
  }));
}

/** "cat: Egyptian cat (tag 86%) · cat (box 91%); beach: seashore (tag 40%)", in one line. */
export function matchesText(matches: readonly SearchMatch[]): string {
  return groupMatches(matches)
    .map(({ term, found }) => `${term}: ${found.join(" · ")}`)
    .join("; ");
}
