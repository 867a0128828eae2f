import { useId } from "react";
import { Link, useParams } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { TopBar } from "@/components/top-bar";
import { plural } from "@/lib/format";
import { useDocumentTitle } from "@/lib/use-document-title";
import { usePerson, type PersonDetail } from "../api/get-people";
import { shownName } from "../utils/names";
import { HidePerson } from "./hide-person";
import { MergeInto } from "./merge-into";
import { PeopleLinks } from "./people-links";
import { PersonFaces } from "./person-faces";
import { PersonName } from "./person-name";
import { PersonPhotos } from "./person-photos";
import { SameNameMerge } from "./same-name-merge";
import styles from "./person-page.module.css";

/** `who:"Ann Smith"`: the search for the photos of this person only, in the library, to narrow down further. */
function whoSearch(name: string): string {
  return `/?${new URLSearchParams({ q: `who:"${name}"` }).toString()}`;
}

function PersonHeader({ person }: { person: PersonDetail }) {
  return (
    <header className={styles.header}>
      <img className={styles.cover} src={person.thumbnail_url} alt="" />
      <div className={styles.about}>
        <PersonName person={person} />
        <p className={styles.counts}>
          {plural(person.photo_count, "photo")} · {plural(person.face_count, "face")}
        </p>
        {person.name && (
          <Link className={buttonClass({ variant: "ghost", size: "small" })} to={whoSearch(person.name)}>
            Search their photos
          </Link>
        )}
      </div>
      <div className={styles.tools}>
        <MergeInto person={person} />
        <HidePerson person={person} />
      </div>
    </header>
  );
}

/**
 * One person: their name (given or changed in place), the photos they are in, and their faces, each of which can
 * be taken out ("Not this person"); merged into another person, or hidden. Its photo links carry
 * `photoLinkState` (the photo view's "opened in the app"), so that the photo view closes back to it.
 */
export function PersonPage({ photoLinkState }: { photoLinkState?: unknown }) {
  const { personId = "" } = useParams();
  const person = usePerson(personId);
  const photosHeadingId = useId();
  const facesHeadingId = useId();
  useDocumentTitle(person.data ? shownName(person.data) : "Person");

  return (
    <>
      <TopBar>
        <PeopleLinks backToPeople />
      </TopBar>
      <main className={styles.main}>
        {person.isPending && (
          <p className={styles.loading} role="status">
            <Spinner />
            Loading…
          </p>
        )}
        {person.isError && <Alert error={person.error} />}
        {person.data && (
          <>
            <PersonHeader person={person.data} />
            <SameNameMerge person={person.data} />
            <section className={styles.section}>
              <h2 id={photosHeadingId} className={styles.sectionTitle}>
                Photos
              </h2>
              <PersonPhotos personId={personId} headingId={photosHeadingId} linkState={photoLinkState} />
            </section>
            <section className={styles.section}>
              <h2 id={facesHeadingId} className={styles.sectionTitle}>
                Faces
              </h2>
              <p className="muted">A face that is someone else: “Not this person” takes it out.</p>
              <PersonFaces faces={person.data.faces} headingId={facesHeadingId} linkState={photoLinkState} />
            </section>
          </>
        )}
      </main>
    </>
  );
}
