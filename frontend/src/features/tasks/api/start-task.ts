import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Task, TaskSubmit } from "@/types/api";

export type StartTaskInput = {
  taskType: string;
  imageIds: string[];
  minConfidence?: number;
};

export function useStartTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ taskType, imageIds, minConfidence }: StartTaskInput) =>
      apiRequest<Task>(`/api/tasks/${encodeURIComponent(taskType)}/`, {
        method: "POST",
        json: {
          image_ids: imageIds,
          ...(minConfidence === undefined ? {} : { options: { min_confidence: minConfidence } }),
        } satisfies TaskSubmit,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tasks", "list"] }),
  });
}
