import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { components } from "@/types/openapi";

export type ShareLink = components["schemas"]["LinkOutput"];
export type NewShareLink = components["schemas"]["LinkInputRequest"];

function linksKey(albumId: string) {
  return ["albums", "links", albumId] as const;
}

function refetchLinks(queryClient: QueryClient, albumId: string) {
  void queryClient.invalidateQueries({ queryKey: linksKey(albumId) });
}

/** The links that open an album of yours to anyone who has them. */
export function useLinks(albumId: string) {
  return useQuery({
    queryKey: linksKey(albumId),
    queryFn: () => unwrap(api.GET("/api/albums/{album_id}/links", { params: { path: { album_id: albumId } } })),
  });
}

/** Makes a link, with an optional expiry (400 `invalid_expiry` if it has passed) and download of the originals. */
export function useCreateLink(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (link: NewShareLink) =>
      unwrap(api.POST("/api/albums/{album_id}/links", { params: { path: { album_id: albumId } }, body: link })),
    onSuccess: () => refetchLinks(queryClient, albumId),
  });
}

/** Revokes a link: it opens nothing from now on. */
export function useRevokeLink(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      unwrap(
        api.DELETE("/api/albums/{album_id}/links/{link_id}", {
          params: { path: { album_id: albumId, link_id: linkId } },
        }),
      ),
    onSuccess: () => refetchLinks(queryClient, albumId),
  });
}
