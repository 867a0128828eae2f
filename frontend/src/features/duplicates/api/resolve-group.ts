import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "@/lib/api-client";
import { invalidateGallery } from "@/lib/image-cache";
import type { components } from "@/types/openapi";
import type { DuplicateGroup } from "./get-duplicates";

export type Resolution = components["schemas"]["ResolvedOutput"];
export type MergedFact = components["schemas"]["MergedEnum"];

/** A group resolved: what became of its photos. */
export type ResolvedGroup = { group: DuplicateGroup; resolution: Resolution };

/**
 * Keeps some photos of a group and moves the others to the trash; keeping them all answers the group. Either way
 * it leaves the list, and the photos trashed leave the gallery. A group that changed since it was listed (404
 * `group_not_found`) is listed again as it is now.
 */
export function useResolveGroup(onResolved: (resolved: ResolvedGroup) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ group, keep }: { group: DuplicateGroup; keep: string[] }) =>
      unwrap(
        api.POST("/api/duplicates/{group_id}/resolve", {
          params: { path: { group_id: group.id } },
          body: { keep },
        }),
      ),
    onSuccess: (resolution, { group }) => {
      onResolved({ group, resolution });
      invalidateGallery(queryClient);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "group_not_found") invalidateGallery(queryClient);
    },
  });
}
