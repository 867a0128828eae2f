import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import { invalidatePeople } from "./get-people";

/** Puts a face in another person, or (null) in a person of its own: "not this person". */
export function moveFace(faceId: string, personId: string | null) {
  return unwrap(
    api.PATCH("/api/faces/{face_id}/", { params: { path: { face_id: faceId } }, body: { person: personId } }),
  );
}

export function useMoveFace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ faceId, personId }: { faceId: string; personId: string | null }) => moveFace(faceId, personId),
    onSuccess: () => invalidatePeople(queryClient),
  });
}
