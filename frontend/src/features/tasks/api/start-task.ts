import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { TaskMode, TaskOptions } from "@/types/api";

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
      return unwrap(
        api.POST("/api/tasks/{task_type}/", {
          params: { path: { task_type: input.taskType } },
          body: { image_ids: input.imageIds, ...(options ? { options } : {}) },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tasks", "list"] }),
  });
}
