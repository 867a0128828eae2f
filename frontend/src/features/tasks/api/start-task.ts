import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Task, TaskMode, TaskOptions, TaskSubmit } from "@/types/api";

export type StartTaskInput = {
  taskType: string;
  imageIds: string[];
  minConfidence?: number;
  /** A model's name; undefined: the default model. */
  model?: string;
  /** "thorough": also in tiles, for small objects (slower); undefined: the API's default, fast. */
  mode?: TaskMode;
};

/** The options asked for, or none at all where the API's defaults are wanted. */
function taskOptions({ minConfidence, model, mode }: StartTaskInput): TaskOptions | undefined {
  const options: TaskOptions = {
    ...(minConfidence === undefined ? {} : { min_confidence: minConfidence }),
    ...(model === undefined ? {} : { model }),
    ...(mode === undefined ? {} : { mode }),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

export function useStartTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartTaskInput) => {
      const options = taskOptions(input);
      return apiRequest<Task>(`/api/tasks/${encodeURIComponent(input.taskType)}/`, {
        method: "POST",
        json: { image_ids: input.imageIds, ...(options ? { options } : {}) } satisfies TaskSubmit,
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tasks", "list"] }),
  });
}
