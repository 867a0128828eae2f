import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Task } from "@/types/api";

/** Starts a new task, of the same type and options, over the photos of a finished task that failed. */
export function useRetryTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => apiRequest<Task>(`/api/tasks/${taskId}/retry`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tasks", "list"] }),
  });
}
