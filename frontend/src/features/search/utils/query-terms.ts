/**
 * The search box's query, read the way the API reads it (docs/search.md): terms apart by spaces, a phrase in
 * quotes ("golden retriever") or with underscores, `-car` left out, `person>=2` a count, `cat>0.8` a confidence,
 * `is:blurry` a flag, `text:coffee` (`text:"wi-fi password"`, `text:wifi*`) words in the text read in a photo; a
 * word that is no object or tag it knows (`lisboa`) is looked for in the text too. Only as far as the box needs
 * it, to show each term as a chip and to complete the word being typed: whether a query is right is the API's to
 * say.
 */

/** One term of a query, as written, and where it is in the query. */
export type QueryTerm = {
  /** The term as written: `-car`, `person>=2`, `"golden retriever"`. */
  raw: string;
  /** Where it starts in the query (0-based) and where it ends (exclusive). */
  start: number;
  end: number;
  /** `-car`: photos with it are left out. */
  exclude: boolean;
  /** What it looks for: quotes gone, underscores as spaces ("golden retriever"). */
  words: string;
  /** A count or confidence as written (`>=2`, `>0.8`); null: none. */
  condition: string | null;
};

/** The terms of a query: runs of characters apart by spaces, a quoted phrase kept whole. */
export function splitQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  let position = 0;
  while (position < query.length) {
    if (/\s/.test(query[position])) {
      position += 1;
      continue;
    }
    const start = position;
    let quoted = false;
    while (position < query.length && (quoted || !/\s/.test(query[position]))) {
      if (query[position] === '"') quoted = !quoted;
      position += 1;
    }
    terms.push(readTerm(query.slice(start, position), start));
  }
  return terms;
}

function readTerm(raw: string, start: number): QueryTerm {
  const exclude = raw.startsWith("-");
  const body = raw.slice(exclude ? 1 : 0);
  const { words, condition } = splitCondition(body);
  return {
    raw,
    start,
    end: start + raw.length,
    exclude,
    words: words.replace(/"/g, "").replace(/_/g, " ").replace(/\s+/g, " ").trim(),
    condition,
  };
}

/** `text:coffee`, `text:"wi-fi password"`: words to find in the text read, not a label or tag. */
const TEXT_TERM = /^-?text:/i;

/** `"golden retriever">0.8` → the phrase and `>0.8`; `person>=2` → `person` and `>=2`. */
function splitCondition(body: string): { words: string; condition: string | null } {
  let quoted = false;
  for (let index = 0; index < body.length; index += 1) {
    if (body[index] === '"') quoted = !quoted;
    else if (body[index] === ">" && !quoted) return { words: body.slice(0, index), condition: body.slice(index) };
  }
  return { words: body, condition: null };
}

/**
 * A term as its chip shows it: "person>=2", "golden retriever", "−car", its quotes or underscores aside. A term
 * that is not a word with a condition (`>=3` alone) or whose quote is never closed (`"cat`) shows as written, so
 * that what the API will refuse is in view; so does a text term, whose quotes keep its words in a row
 * (`text:"wi-fi password"`).
 */
export function termText(term: QueryTerm): string {
  const unclosedQuote = (term.raw.match(/"/g)?.length ?? 0) % 2 === 1;
  if (TEXT_TERM.test(term.raw)) return term.exclude ? `−${term.raw.slice(1)}` : term.raw;
  if (!term.words || unclosedQuote) return term.raw;
  return `${term.exclude ? "−" : ""}${term.words}${term.condition ?? ""}`;
}

/** The query without one of its terms; null when nothing is left of it. */
export function withoutTerm(query: string, index: number): string | null {
  const rest = splitQuery(query).filter((_, position) => position !== index);
  return rest.length > 0 ? rest.map((term) => term.raw).join(" ") : null;
}

/** A word the API reads as one term as it is (letters, digits, ' . _ and inner dashes); anything else is quoted. */
const PLAIN_WORD = /^[\p{L}\p{N}_'.]+(?:-[\p{L}\p{N}_'.]+)*$/u;

/** A word read in photos, as the API suggests it: `text:sunflower`. */
const TEXT_WORD = /^text:[^\s">]+$/i;

/** A label or tag as a term of a query: `cat`, or `"Egyptian cat"` where it has spaces; `text:sunflower` as it is. */
export function asQueryWord(term: string): string {
  const words = term.trim().replace(/\s+/g, " ");
  return PLAIN_WORD.test(words) || TEXT_WORD.test(words) ? words : `"${words.replace(/"/g, "")}"`;
}

/** The word being typed at the caret: what has been typed of it, and the part of the query a completion replaces. */
export type WordAtCaret = {
  /** What has been typed of the word, for the API's autocomplete ("golden re" for `"golden re`). */
  prefix: string;
  /** The query's characters a completion replaces: the term's words, its `-` and its condition kept. */
  start: number;
  end: number;
};

/**
 * The word being typed at the caret, if the caret is at the end of one, or within one, and past its first letter;
 * none in a text term (`text:cof`), which any word may follow, not only the labels and tags completed.
 */
export function wordAtCaret(query: string, caret: number): WordAtCaret | null {
  const term = splitQuery(query).find((candidate) => candidate.start < caret && caret <= candidate.end);
  if (!term || TEXT_TERM.test(term.raw)) return null;
  const start = term.start + (term.exclude ? 1 : 0);
  const end = term.condition === null ? term.end : term.end - term.condition.length;
  if (caret > end) return null; // in its count or confidence
  const typed = query.slice(start, caret).replace(/"/g, "").replace(/_/g, " ").replace(/\s+/g, " ").trimStart();
  return typed.trim() ? { prefix: typed, start, end } : null;
}

/** The query with the word at the caret completed to `term`, and where the caret goes: after it and a space. */
export function completeWord(query: string, word: WordAtCaret, term: string): { query: string; caret: number } {
  const completed = asQueryWord(term);
  const after = query.slice(word.end);
  const spaced = after.startsWith(" ") || after.startsWith(">") ? after : ` ${after}`;
  return {
    query: query.slice(0, word.start) + completed + spaced,
    caret: word.start + completed.length + (spaced.startsWith(" ") ? 1 : 0),
  };
}

/**
 * The query with the term the API refused (`unknown_term`, at `position`) replaced by one of its suggestions,
 * its `-` and its count or confidence kept; null where no term starts there (the query has changed since).
 */
export function replaceTermAt(query: string, position: number, suggestion: string): string | null {
  const term = splitQuery(query).find((candidate) => candidate.start === position);
  if (!term) return null;
  const replaced = `${term.exclude ? "-" : ""}${asQueryWord(suggestion)}${term.condition ?? ""}`;
  return query.slice(0, term.start) + replaced + query.slice(term.end);
}

/**
 * Whether a label or tag, or a word read (`text:sunflower`, by its word), has a word starting with what was typed,
 * as the API's autocomplete matches them.
 */
export function hasWordStarting(term: string, prefix: string): boolean {
  const name = term.toLowerCase().replace(/^text:/, "");
  const typed = prefix.toLowerCase();
  return name.startsWith(typed) || name.includes(` ${typed}`);
}
