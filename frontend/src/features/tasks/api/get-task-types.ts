import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { TaskType } from "@/types/api";

export function useTaskTypes() {
  return useQuery({
    queryKey: ["task-types"],
    queryFn: () => apiRequest<TaskType[]>("/api/task-types/"),
    staleTime: Infinity,
  });
}
