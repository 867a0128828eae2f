import { Link } from "react-router";
import { Alert } from "@/components/alert";
import { Pager, pageCountOf } from "@/components/pager";
import { Spinner } from "@/components/spinner";
import { usePageParam } from "@/lib/use-page-param";
import { PERSON_PHOTOS_PAGE_SIZE, usePersonPhotos } from "../api/person-photos";
import styles from "./person-page.module.css";

/** The photos a person is in, a page at a time, each opening in the photo view (which closes back to here). */
type PersonPhotosProps = { personId: string; headingId: string; linkState?: unknown };

export function PersonPhotos({ personId, headingId, linkState }: PersonPhotosProps) {
  const { page, setPage } = usePageParam();
  const photos = usePersonPhotos(personId, page);

  if (photos.isPending)
    return (
      <p className={styles.loading} role="status">
        <Spinner />
        Loading photos…
      </p>
    );
  if (photos.isError) return <Alert error={photos.error} />;

  return (
    <>
      <ul className={styles.photos} aria-labelledby={headingId} aria-busy={photos.isPlaceholderData}>
        {photos.data.results.map((photo) => (
          <li key={photo.id}>
            <Link className={styles.photo} to={`/photos/${photo.id}`} state={linkState}>
              <img src={photo.thumbnail_url} alt={photo.filename} loading="lazy" decoding="async" />
            </Link>
          </li>
        ))}
      </ul>
      <Pager
        label="Photo pages"
        page={page}
        pageCount={pageCountOf(photos.data.count, PERSON_PHOTOS_PAGE_SIZE)}
        hasPrevious={Boolean(photos.data.previous)}
        hasNext={Boolean(photos.data.next)}
        onPageChange={setPage}
      />
    </>
  );
}
