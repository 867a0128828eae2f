import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";

/** The photos a person's page shows at a time. */
export const PERSON_PHOTOS_PAGE_SIZE = 50;

/** One page of the photos a person is in, newest taken first; under "images", so that they refresh with the photos. */
export function usePersonPhotos(personId: string, page: number) {
  return useQuery({
    queryKey: ["images", "person", personId, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/images/", { params: { query: { person: personId, page, page_size: PERSON_PHOTOS_PAGE_SIZE } } }),
      ),
    placeholderData: keepPreviousData,
  });
}
