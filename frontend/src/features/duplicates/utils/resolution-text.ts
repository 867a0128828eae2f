import { plural } from "@/lib/format";
import type { MergedFact, ResolvedGroup } from "../api/resolve-group";

const FACT_NAMES: Record<MergedFact, string> = {
  taken_at: "date taken",
  camera: "camera",
  latitude: "place",
  longitude: "place",
  people: "names of people",
};

/** "a.jpg", "a.jpg and b.jpg", "a.jpg, b.jpg and c.jpg". */
export function listText(items: string[]): string {
  return new Intl.ListFormat("en", { type: "conjunction" }).format(items);
}

function filenamesOf({ group }: ResolvedGroup, ids: string[]): string[] {
  return ids.map((id) => group.photos.find((photo) => photo.id === id)?.filename ?? id);
}

/**
 * What a resolve did: "Kept a.jpg; 2 photos moved to the trash." or, every photo kept, "Kept all 3 photos; they are
 * no longer listed as duplicates."
 */
export function resolvedText(resolved: ResolvedGroup): string {
  const { kept, trashed } = resolved.resolution;
  if (trashed.length === 0) return `Kept all ${plural(kept.length, "photo")}; they are no longer listed as duplicates.`;
  const moved = trashed.length === 1 ? "1 photo moved" : `${trashed.length} photos moved`;
  return `Kept ${listText(filenamesOf(resolved, kept))}; ${moved} to the trash.`;
}

/**
 * What the first photo kept took from those trashed, having none of its own: "a.jpg took its date taken and place
 * from the copy moved to the trash."; null when nothing.
 */
export function mergedText(resolved: ResolvedGroup): string | null {
  const { kept, trashed, merged } = resolved.resolution;
  if (merged.length === 0 || kept.length === 0) return null;
  const facts = [...new Set(merged.map((fact) => FACT_NAMES[fact]))];
  const [keeper] = filenamesOf(resolved, kept.slice(0, 1));
  const from = trashed.length === 1 ? "the copy" : "the copies";
  return `${keeper} took its ${listText(facts)} from ${from} moved to the trash.`;
}
