import { linkButtonClass } from "@/components/button";
import { splitQuery, termText, withoutTerm } from "../utils/query-terms";
import styles from "./query-chips.module.css";

type QueryChipsProps = {
  /** The query searched for. */
  query: string;
  /** Search for what is left once a term is removed; null: nothing is left. */
  onChange: (query: string | null) => void;
};

/** The query searched for, one chip per term (those left out marked so), each removable, which searches again. */
export function QueryChips({ query, onChange }: QueryChipsProps) {
  const terms = splitQuery(query);
  if (terms.length === 0) return null;
  return (
    <div className={styles.bar}>
      <ul className={styles.chips} aria-label="Search terms">
        {terms.map((term, index) => {
          const text = termText(term);
          return (
            <li key={`${term.start}:${term.raw}`} className={styles.chip} data-exclude={term.exclude || undefined}>
              {term.exclude && <span className="visually-hidden">Without </span>}
              <span className={styles.text} title={term.raw}>
                {text}
              </span>
              <button
                type="button"
                className={styles.remove}
                aria-label={`Remove “${text}” from the search`}
                onClick={() => onChange(withoutTerm(query, index))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className={linkButtonClass} onClick={() => onChange(null)}>
        Clear search
      </button>
    </div>
  );
}
