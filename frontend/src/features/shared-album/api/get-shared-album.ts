import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { components } from "@/types/openapi";

export type SharedPage = components["schemas"]["SharedPageOutput"];
export type SharedPhoto = components["schemas"]["SharedPhotoOutput"];

/** The photos a page of a shared album holds: the API's default page size. */
export const SHARED_PAGE_SIZE = 50;

/**
 * An album opened by its link, and one page of its photos: no account, no session needed. 404 `link_not_found`
 * for a token never made, expired or revoked alike.
 */
export function useSharedAlbum(token: string, page: number) {
  return useQuery({
    queryKey: ["shared", token, page] as const,
    queryFn: () =>
      unwrap(
        api.GET("/api/shared/{token}/", {
          params: { path: { token }, query: { page } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
