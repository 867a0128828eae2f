import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidatePeople, type PersonDetail } from "./get-people";

export type Merge = { personId: string; intoId: string };

/**
 * Gives every face of one person to another, who keeps their name (or takes this one's, having none); the first
 * person is gone afterwards. Answers with the person merged into.
 */
export function useMergePerson(onMerged?: (into: PersonDetail) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, intoId }: Merge) =>
      unwrap(
        api.POST("/api/people/{person_id}/merge", {
          params: { path: { person_id: personId } },
          body: { into: intoId },
        }),
      ),
    onSuccess: (into) => {
      onMerged?.(into);
      invalidatePeople(queryClient);
    },
  });
}
