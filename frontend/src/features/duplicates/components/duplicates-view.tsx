import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { Pager, pageCountOf } from "@/components/pager";
import { Spinner } from "@/components/spinner";
import { TopBar } from "@/components/top-bar";
import { ApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import type { DuplicateKind } from "../api/get-duplicates";
import { DUPLICATES_PAGE_SIZE, useDuplicates } from "../api/get-duplicates";
import type { ResolvedGroup } from "../api/resolve-group";
import { duplicatesSearch, useDuplicateFilters } from "../hooks/use-duplicate-filters";
import { DuplicateGroupCard } from "./duplicate-group";
import styles from "./duplicates-view.module.css";
import { ResolveStatus } from "./resolve-status";

/** The kinds of group, as the switch between them names them, with what each one is. */
const KINDS: { kind: DuplicateKind; text: string; description: string }[] = [
  {
    kind: "duplicate",
    text: "Same picture",
    description: "Copies of the same picture: resized, recompressed or saved in another format.",
  },
  {
    kind: "burst",
    text: "Bursts",
    description: "Photos taken within seconds of each other that look alike.",
  },
];

const EMPTY_TEXT: Record<DuplicateKind, string> = {
  duplicate:
    "No duplicates found. Photos stored before fingerprints existed join once the operator runs manage.py fingerprint_photos.",
  burst: "No bursts found.",
};

type DuplicatesViewProps = {
  /** The history state a photo's link carries: the photo view's "opened in the app", so that it closes back here. */
  photoLinkState?: unknown;
};

/** The search that finds the blurry photos in the library. */
const BLURRY_PHOTOS = { pathname: "/", search: `?${new URLSearchParams({ q: "is:blurry" }).toString()}` };

/**
 * The photos that show the same picture, or that were taken in a burst, in groups: the one to keep first, and
 * for each what tells it from the others. Each group is resolved by keeping some of its photos (the others go to
 * the trash) or all of them; the last resolve is said above the groups, with Undo.
 */
export function DuplicatesView({ photoLinkState }: DuplicatesViewProps) {
  useDocumentTitle("Duplicates");
  const { filters, setPage } = useDuplicateFilters();
  const groups = useDuplicates(filters);
  const { search } = useLocation();
  const [lastResolved, setLastResolved] = useState<{ count: number; resolved: ResolvedGroup } | null>(null);
  const showResolved = (resolved: ResolvedGroup) =>
    setLastResolved((last) => ({ count: (last?.count ?? 0) + 1, resolved }));

  // A page that is gone (groups resolved since) shows the first one.
  const pageIsGone = groups.error instanceof ApiError && groups.error.status === 404 && filters.page > 1;
  useEffect(() => {
    if (pageIsGone) setPage(1);
  }, [pageIsGone, setPage]);

  const shownKind = KINDS.find(({ kind }) => kind === filters.kind) ?? KINDS[0];
  const results = groups.data?.results ?? [];

  return (
    <>
      <TopBar>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/albums">
          Albums
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/people">
          People
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/trash">
          Trash
        </Link>
        <Link className={buttonClass({ variant: "ghost", size: "small" })} to="/">
          <span aria-hidden="true">←</span> All photos
        </Link>
      </TopBar>

      <main className={styles.main}>
        <div className={styles.heading}>
          <h1 className={styles.title}>Duplicates</h1>
          {groups.data && !groups.isPlaceholderData && (
            <span className={styles.count}>{plural(groups.data.count, "group")}</span>
          )}
          {groups.isPlaceholderData && (
            <span className={styles.loading} role="status">
              <Spinner />
              Loading…
            </span>
          )}
          <Link className={styles.blurry} to={BLURRY_PHOTOS}>
            Blurry photos
          </Link>
        </div>

        <nav className={styles.kinds} aria-label="Kind of group">
          {KINDS.map(({ kind, text }) => (
            <Link
              key={kind}
              className={styles.kind}
              to={{ search: duplicatesSearch({ kind, page: 1 }) }}
              aria-current={kind === filters.kind ? "page" : undefined}
            >
              {text}
            </Link>
          ))}
        </nav>
        <p className="muted">{shownKind.description}</p>

        {lastResolved && <ResolveStatus key={lastResolved.count} resolved={lastResolved.resolved} />}

        {groups.isPending && (
          <p className={styles.loading} role="status">
            <Spinner />
            Loading groups…
          </p>
        )}
        {groups.isError && !pageIsGone && <Alert error={groups.error} />}

        {groups.data?.count === 0 && !groups.isPlaceholderData && (
          <div className={styles.empty}>
            <p>{EMPTY_TEXT[filters.kind]}</p>
          </div>
        )}

        {results.length > 0 && (
          <ul className={styles.groups} aria-label="Groups" aria-busy={groups.isPlaceholderData}>
            {results.map((group) => (
              <DuplicateGroupCard
                key={group.id}
                group={group}
                search={search}
                photoLinkState={photoLinkState}
                onResolved={showResolved}
              />
            ))}
          </ul>
        )}

        {groups.data && (
          <Pager
            label="Group pages"
            page={filters.page}
            pageCount={pageCountOf(groups.data.count, DUPLICATES_PAGE_SIZE)}
            hasPrevious={Boolean(groups.data.previous)}
            hasNext={Boolean(groups.data.next)}
            onPageChange={setPage}
          />
        )}
      </main>
    </>
  );
}
