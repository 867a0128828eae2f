import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { components } from "@/types/openapi";
import { invalidatePeople } from "./get-people";

export type PersonChange = components["schemas"]["PatchedPersonUpdateInputRequest"];

export function updatePerson(personId: string, change: PersonChange) {
  return unwrap(api.PATCH("/api/people/{person_id}/", { params: { path: { person_id: personId } }, body: change }));
}

/** Names a person (an empty name: unnamed again), or hides or shows them. */
export function useUpdatePerson(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: PersonChange) => updatePerson(personId, change),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
