import { useMutation, useQueryClient } from "@tanstack/react-query";
import { findNamed, tidyName } from "../utils/names";
import { invalidatePeople, type Person, type PhotoFace } from "./get-people";
import { moveFace } from "./move-face";
import { updatePerson } from "./update-person";

type Naming = { face: PhotoFace; name: string; people: readonly Person[] };

/**
 * Says who a face is. A name someone already has puts the face in that person; a new name names the face's person
 * if still unnamed (and so the faces sorted with it), else takes the face out into a person of its own so named:
 * a face named otherwise than its person is a correction, not a rename of everyone with it.
 */
async function nameFace({ face, name, people }: Naming): Promise<void> {
  const named = findNamed(people, name);
  if (named) {
    if (named.id !== face.person?.id) await moveFace(face.id, named.id);
    return;
  }
  if (face.person && !face.person.name) {
    await updatePerson(face.person.id, { name: tidyName(name) });
    return;
  }
  const moved = await moveFace(face.id, null);
  if (moved.person) await updatePerson(moved.person.id, { name: tidyName(name) });
}

export function useNameFace(onNamed: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: nameFace,
    onSuccess: onNamed,
    // Even a half-done naming (the face moved, the name refused) changed who the face is.
    onSettled: () => invalidatePeople(queryClient),
  });
}
