import { useEffect, useState } from "react";
import { Alert } from "@/components/alert";
import { Pager, pageCountOf } from "@/components/pager";
import { Spinner } from "@/components/spinner";
import { TopBar } from "@/components/top-bar";
import { ApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import { usePageParam } from "@/lib/use-page-param";
import { PEOPLE_PAGE_SIZE, usePeople, type NamedFilter as Filter } from "../api/get-people";
import { NamedFilter } from "./named-filter";
import { PeopleLinks } from "./people-links";
import { PersonCard } from "./person-card";
import styles from "./people-view.module.css";

const FOUND_TEXT: Record<Filter, (count: number) => string> = {
  all: (count) => `${plural(count, "person", "people")} found`,
  unnamed: (count) => `${plural(count, "person", "people")} to name`,
  named: (count) => `${plural(count, "person", "people")} named`,
};

const NONE_TEXT: Record<Exclude<Filter, "all">, string> = {
  unnamed: "Everyone found has a name.",
  named: "Nobody has a name yet: name someone under “To name”.",
};

/** What the page says with nobody to show: how people come to be found, or that this filter leaves none. */
function NobodyFound({ filter }: { filter: Filter }) {
  if (filter !== "all") return <p>{NONE_TEXT[filter]}</p>;
  return (
    <>
      <p>No people yet.</p>
      <p>
        Select photos in the library and run “Find people’s faces” (or “Find everything”): the faces found are sorted
        into people here, for you to name once and search by name.
      </p>
    </>
  );
}

/** The people found in the photos, those in the most photos first: their faces, counts, and names to give. */
export function PeopleView() {
  useDocumentTitle("People");
  const { page, setPage } = usePageParam();
  const [filter, setFilter] = useState<Filter>("all");
  const people = usePeople(filter, page);

  // A page that is gone (its people named, merged or hidden since) shows the first one.
  const pageIsGone = people.error instanceof ApiError && people.error.status === 404 && page > 1;
  useEffect(() => {
    if (pageIsGone) setPage(1);
  }, [pageIsGone, setPage]);

  const count = people.data?.count ?? 0;
  const results = people.data?.results ?? [];
  const changeFilter = (next: Filter) => {
    setFilter(next);
    setPage(1);
  };

  return (
    <>
      <TopBar>
        <PeopleLinks />
      </TopBar>

      <main className={styles.main}>
        <div className={styles.heading}>
          <h1 className={styles.title}>People</h1>
          {people.data && !people.isPlaceholderData && (
            <span className={styles.count}>{FOUND_TEXT[filter](count)}</span>
          )}
          {people.isPlaceholderData && (
            <span className={styles.loading} role="status">
              <Spinner />
              Loading…
            </span>
          )}
          <span className={styles.filter}>
            <NamedFilter value={filter} onChange={changeFilter} />
          </span>
        </div>

        {people.isPending && (
          <p className={styles.loading} role="status">
            <Spinner />
            Loading people…
          </p>
        )}
        {people.isError && !pageIsGone && <Alert error={people.error} />}

        {people.data?.count === 0 && !people.isPlaceholderData && (
          <div className={styles.nothing}>
            <NobodyFound filter={filter} />
          </div>
        )}

        {results.length > 0 && (
          <ul className={styles.people} aria-label="People" aria-busy={people.isPlaceholderData}>
            {results.map((person) => (
              <PersonCard key={person.id} person={person} />
            ))}
          </ul>
        )}

        {people.data && (
          <Pager
            label="People pages"
            page={page}
            pageCount={pageCountOf(count, PEOPLE_PAGE_SIZE)}
            hasPrevious={Boolean(people.data.previous)}
            hasNext={Boolean(people.data.next)}
            onPageChange={setPage}
          />
        )}
      </main>
    </>
  );
}
