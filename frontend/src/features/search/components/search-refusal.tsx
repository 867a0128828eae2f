import type { ApiError } from "@/lib/api-client";
import { replaceTermAt, splitQuery } from "../utils/query-terms";
import styles from "./search-refusal.module.css";

type SearchRefusalProps = {
  id: string;
  refusal: ApiError;
  /** The query the API refused. */
  query: string;
  onSearch: (query: string | null) => void;
};

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The refused query with the place the API pointed at marked: the characters of the term at `position`, or the one
 * character there, whole even if it is an emoji (after the end: a mark after the last one).
 */
function MarkedQuery({ query, position }: { query: string; position: number }) {
  const term = splitQuery(query).find((candidate) => candidate.start === position);
  const character = query.codePointAt(position);
  const end = term
    ? term.end
    : Math.min(position + (character !== undefined && character > 0xffff ? 2 : 1), query.length);
  const start = Math.min(Math.max(position, 0), query.length);
  return (
    <code className={styles.query}>
      {query.slice(0, start)}
      <mark className={styles.mark}>{start < end ? query.slice(start, end) : " "}</mark>
      {query.slice(end)}
    </code>
  );
}

/** The API counts a query's characters as Unicode code points, JavaScript's strings as UTF-16 units (an emoji is two). */
function utf16Offset(text: string, codePoints: number): number {
  const characters = Array.from(text);
  return characters.slice(0, codePoints).join("").length + Math.max(0, codePoints - characters.length);
}

/**
 * Why the API refused the search, in its own words, under the box: never an empty page that hides a typo. For a word
 * it does not know, its suggestions are buttons that put one in the word's place and search again.
 */
export function SearchRefusal({ id, refusal, query, onSearch }: SearchRefusalProps) {
  const position = typeof refusal.details.position === "number" ? utf16Offset(query, refusal.details.position) : null;
  const unknownWord = refusal.code === "unknown_term";
  const suggestions = unknownWord ? stringList(refusal.details.suggestions) : [];
  const word = typeof refusal.details.term === "string" ? refusal.details.term : null;

  const replaceWith = (suggestion: string) => {
    const atPosition = position === null ? null : replaceTermAt(query, position, suggestion);
    const term = splitQuery(query).find((candidate) => candidate.words.toLowerCase() === word);
    onSearch(atPosition ?? (term ? replaceTermAt(query, term.start, suggestion) : null) ?? query);
  };

  return (
    <div id={id} className={styles.refusal} role="alert">
      <p>{refusal.message}</p>
      {!unknownWord && position !== null && query && <MarkedQuery query={query} position={position} />}
      {suggestions.length > 0 && (
        <div className={styles.suggestions} role="group" aria-labelledby={`${id}-replace`}>
          <span id={`${id}-replace`}>{word ? `Replace “${word}” with` : "Replace it with"}</span>
          {suggestions.map((suggestion) => (
            <button
              key={suggestion}
              type="button"
              className={styles.suggestion}
              onClick={() => replaceWith(suggestion)}
            >
              {suggestion}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
