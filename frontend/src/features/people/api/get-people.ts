import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import type { components } from "@/types/openapi";

type Schemas = components["schemas"];

export type Person = Schemas["PersonOutput"];
export type PersonDetail = Schemas["PersonDetailOutput"];
export type PersonFace = Schemas["PersonFaceOutput"];
export type PeoplePage = Schemas["PaginatedPersonOutputList"];
/** A face as a photo's detail has it, with whom it was sorted into. */
export type PhotoFace = Schemas["FaceOutput"];

/** Which people the People page lists: everyone, only those named, or only those still to name. */
export type NamedFilter = "all" | "named" | "unnamed";

/** The people a page shows, asked for by name so that the pages can be counted. */
export const PEOPLE_PAGE_SIZE = 50;
/** The most one request may list (the API's `max_page_size`): the names offered to complete and to merge with. */
const LARGEST_PAGE = 200;

/**
 * Under the photos' key: people come from the photos' faces, so a task that finds faces, or a photo deleted,
 * refreshes them too (`invalidateGallery` refetches everything under "images").
 */
const PEOPLE_KEY = ["images", "people"] as const;

/**
 * A person's name, a face's or a merge changes the people listed, a person's page, the faces a photo's detail
 * names, the photos a name searches for and the names suggested: all of them refetch.
 */
export function invalidatePeople(queryClient: QueryClient) {
  invalidateGallery(queryClient);
}

function namedParam(filter: NamedFilter): boolean | undefined {
  return filter === "all" ? undefined : filter === "named";
}

function getPeople(filter: NamedFilter, page: number, pageSize: number): Promise<PeoplePage> {
  return unwrap(
    api.GET("/api/people/", { params: { query: { named: namedParam(filter), page, page_size: pageSize } } }),
  );
}

/** One page of the people found, those in the most photos first; hidden people are left out. */
export function usePeople(filter: NamedFilter, page: number) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, "list", filter, page],
    queryFn: () => getPeople(filter, page, PEOPLE_PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
}

/**
 * The people to choose from by name (to complete a name, to merge with): the first large page, those in the most
 * photos first; `named` only those named.
 */
export function usePeopleToChoose(filter: "all" | "named" = "all") {
  return useQuery({
    queryKey: [...PEOPLE_KEY, "choices", filter],
    queryFn: () => getPeople(filter, 1, LARGEST_PAGE),
    select: (page) => page.results,
  });
}

/** One person, with their faces (404 once merged into another). */
export function usePerson(personId: string) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, "detail", personId],
    queryFn: () => unwrap(api.GET("/api/people/{person_id}/", { params: { path: { person_id: personId } } })),
  });
}
