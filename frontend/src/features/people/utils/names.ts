/** A name as the API keeps it: its words, one space apart. */
export function tidyName(name: string): string {
  return name.split(/\s+/).filter(Boolean).join(" ");
}

/** What a person is called on screen: their name, or "Unnamed" while they have none. */
export function shownName(person: { name: string | null }): string {
  return person.name || "Unnamed";
}

/** The person given this name (case aside, as the API compares names), if any. */
export function findNamed<T extends { name: string | null }>(people: readonly T[], name: string): T | undefined {
  const wanted = tidyName(name).toLocaleLowerCase();
  return people.find((person) => person.name?.toLocaleLowerCase() === wanted);
}
