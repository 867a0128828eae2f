import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { buttonClass } from "@/components/button";
import type { ApiError } from "@/lib/api-client";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import type { SearchSuggestion } from "@/types/api";
import { useSuggestions } from "../api/get-suggestions";
import { completeWord, hasWordStarting, wordAtCaret } from "../utils/query-terms";
import { QueryChips } from "./query-chips";
import { SearchRefusal } from "./search-refusal";
import styles from "./search-box.module.css";

/** How long typing pauses before the word typed so far is completed. */
export const SUGGEST_DELAY_MS = 150;

type SearchBoxProps = {
  /** The query searched for (as in the URL); null or undefined: none. */
  query: string | null | undefined;
  /** Why the API refused that query (a 400), shown under the box; null: it did not. */
  refusal: ApiError | null;
  /** Search for this query; null: no search, all photos. */
  onSearch: (query: string | null) => void;
};

/**
 * What a suggestion is for people: an object the detector drew a box around, a tag of the whole photo, a broad
 * word ("animal") that covers several of both, a word read in photos (`text:sunflower`), or someone you named.
 */
export function kindText(kind: SearchSuggestion["kind"]): string {
  return { label: "object", tag: "tag", word: "category", text: "word read", person: "person" }[kind];
}

/**
 * The option highlighted after ↓ (step 1) or ↑ (-1): from none (-1) to the first or the last, and past either end
 * back to none, the box itself.
 */
export function stepActive(current: number, step: 1 | -1, count: number): number {
  const position = current < 0 ? count : current;
  const next = (position + step + count + 1) % (count + 1);
  return next === count ? -1 : next;
}

/**
 * One search box for the query language (`dog beach`, `"golden retriever"`, `-car`, `person>=2`, `cat>0.8`, the
 * flags `is:blurry`, `is:duplicate`, `-is:blurry`, and the text read in photos: `text:coffee`,
 * `text:"wi-fi password"`, `text:wifi*`, or a plain word that is no object or tag it knows, `lisboa`). As the
 * user types, it completes the word at the caret from the labels and tags in their photos (↑ and ↓ move, Enter
 * or Tab accepts, Escape closes). The query searched for shows under it as chips, each removable; a query the API
 * refuses shows why, with the words it suggests instead.
 */
export function SearchBox({ query, refusal, onSearch }: SearchBoxProps) {
  const searched = query ?? "";
  const [draft, setDraft] = useState(searched);
  const [shownQuery, setShownQuery] = useState(searched);
  const [caret, setCaret] = useState(searched.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const caretToSet = useRef<number | null>(null);
  const inputId = useId();
  const listId = useId();
  const refusalId = useId();

  // Another query searched for (a chip removed, back in the browser's history): the box shows it.
  if (searched !== shownQuery) {
    setShownQuery(searched);
    setDraft(searched);
    setCaret(searched.length);
    setOpen(false);
  }

  useLayoutEffect(() => {
    if (caretToSet.current === null || !input.current) return;
    input.current.setSelectionRange(caretToSet.current, caretToSet.current);
    caretToSet.current = null;
  });

  const word = open ? wordAtCaret(draft, caret) : null;
  const suggestions = useSuggestions(useDebouncedValue(word?.prefix ?? "", SUGGEST_DELAY_MS));
  // The last answer, narrowed to what has been typed since, until the answer for it comes.
  const options = word ? (suggestions.data ?? []).filter((option) => hasWordStarting(option.term, word.prefix)) : [];
  const listShown = options.length > 0;
  const activeIndex = active < options.length ? active : -1;
  const optionId = (index: number) => `${listId}-${index}`;

  // The highlighted option stays in view in a list longer than its box.
  const activeId = listShown && activeIndex >= 0 ? optionId(activeIndex) : undefined;
  useLayoutEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: "nearest" });
  }, [activeId]);

  const search = (text: string) => {
    setOpen(false);
    onSearch(text.trim() || null);
  };

  const accept = (option: SearchSuggestion) => {
    if (!word) return;
    const completed = completeWord(draft, word, option.term);
    setDraft(completed.query);
    setCaret(completed.caret);
    caretToSet.current = completed.caret;
    setOpen(false);
    setActive(-1);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return; // an input method's own keys
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!listShown) {
        setOpen(true);
        return;
      }
      event.preventDefault();
      setActive(stepActive(activeIndex, event.key === "ArrowDown" ? 1 : -1, options.length));
    } else if (listShown && ((event.key === "Tab" && !event.shiftKey) || (event.key === "Enter" && activeIndex >= 0))) {
      // Enter takes the highlighted suggestion (without one, it searches); Tab takes it, or else the first.
      event.preventDefault();
      accept(options[Math.max(activeIndex, 0)]);
    } else if (event.key === "Escape" && listShown) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };

  const readCaret = () => setCaret(input.current?.selectionStart ?? draft.length);

  return (
    <form
      role="search"
      aria-label="Search photos"
      className={styles.search}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        search(draft);
      }}
    >
      <div className={styles.row}>
        <label className="visually-hidden" htmlFor={inputId}>
          Search photos
        </label>
        <div className={styles.combo}>
          <input
            ref={input}
            id={inputId}
            className={styles.input}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={listShown}
            aria-controls={listId}
            aria-activedescendant={activeId}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? refusalId : undefined}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            enterKeyHint="search"
            // Short enough to show whole in a phone's narrowest box (320 px wide).
            placeholder="cat -car text:menu"
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
              setCaret(event.target.selectionStart ?? event.target.value.length);
              setOpen(true);
              setActive(-1);
            }}
            onSelect={readCaret}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
          />
          <ul id={listId} role="listbox" aria-label="Suggestions" className={styles.list} hidden={!listShown}>
            {options.map((option, index) => (
              <li
                key={`${option.kind}:${option.term}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === activeIndex}
                className={styles.option}
                // Keeps the focus in the box, so that clicking an option does not close the list first.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => accept(option)}
              >
                <span className={styles.term}>{option.term}</span>{" "}
                <span className={styles.meta}>
                  · {kindText(option.kind)} · {option.count}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <button type="submit" className={buttonClass({ variant: "primary" })}>
          Search
        </button>
      </div>
      {refusal && (
        <SearchRefusal id={refusalId} refusal={refusal} query={searched} onSearch={(next) => search(next ?? "")} />
      )}
      <QueryChips query={searched} onChange={(next) => search(next ?? "")} />
    </form>
  );
}
