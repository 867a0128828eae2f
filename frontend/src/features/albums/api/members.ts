import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { invalidateAlbums } from "./get-albums";
import { api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import type { components } from "@/types/openapi";

export type Member = components["schemas"]["MemberOutput"];
export type MemberRole = components["schemas"]["RoleEnum"];

function membersKey(albumId: string) {
  return ["albums", "members", albumId] as const;
}

function refetchMembers(queryClient: QueryClient, albumId: string) {
  void queryClient.invalidateQueries({ queryKey: membersKey(albumId) });
}

/** Who an album of yours is shared with (its owner only may ask). */
export function useMembers(albumId: string) {
  return useQuery({
    queryKey: membersKey(albumId),
    queryFn: () => unwrap(api.GET("/api/albums/{album_id}/members", { params: { path: { album_id: albumId } } })),
  });
}

/** Shares the album with someone's account: 404 `user_not_found`, 409 `already_member`, 400 `invalid_member`. */
export function useInviteMember(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (member: { username: string; role: MemberRole }) =>
      unwrap(api.POST("/api/albums/{album_id}/members", { params: { path: { album_id: albumId } }, body: member })),
    onSuccess: () => refetchMembers(queryClient, albumId),
  });
}

export function useChangeRole(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, role }: { username: string; role: MemberRole }) =>
      unwrap(
        api.PATCH("/api/albums/{album_id}/members/{username}", {
          params: { path: { album_id: albumId, username } },
          body: { role },
        }),
      ),
    onSuccess: () => refetchMembers(queryClient, albumId),
  });
}

/**
 * Takes a member out of the album: the owner anyone, a member themselves ("Leave album"). The photos they added
 * leave with them, so the album's count and photos change too.
 */
export function useRemoveMember(albumId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (username: string) =>
      unwrap(
        api.DELETE("/api/albums/{album_id}/members/{username}", { params: { path: { album_id: albumId, username } } }),
      ),
    onSuccess: () => {
      refetchMembers(queryClient, albumId);
      invalidateAlbums(queryClient);
      invalidateGallery(queryClient);
    },
  });
}
