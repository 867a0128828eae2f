import { useMutation, useQueryClient } from "@tanstack/react-query";
import { invalidateGallery } from "@/lib/image-cache";
import { restoreFromTrash } from "@/lib/trash";

/** Puts the photos a resolve moved to the trash back in the library, each on its own; their group comes back. */
export function useUndoResolve() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (trashedIds: string[]) => Promise.all(trashedIds.map(restoreFromTrash)),
    onSettled: () => invalidateGallery(queryClient),
  });
}
