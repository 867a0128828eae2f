import { plural } from "@/lib/format";

/** A title that names the photos it acts on ("Tag photos"). */
const ENDS_WITH_PHOTOS = / photos$/i;
/** A title that ends on the verb that acts on the photos ("Find objects and tag", "Find objects, tag and read"). */
const ENDS_WITH_VERB = /\b(?:tag|read)$/i;

/**
 * What the button that starts a task says, from its type's title: "Find people in 3 photos". Where the title's
 * last word acts on the photos, they are its object instead: "Tag 3 photos", "Find objects, tag and read 3 photos".
 */
export function runTaskText(title: string, photoCount: number): string {
  const photos = plural(photoCount, "photo");
  if (ENDS_WITH_PHOTOS.test(title)) return title.replace(ENDS_WITH_PHOTOS, ` ${photos}`);
  if (ENDS_WITH_VERB.test(title)) return `${title} ${photos}`;
  return `${title} in ${photos}`;
}
