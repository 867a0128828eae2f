import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { SearchSuggestion } from "@/types/api";

/** The most suggestions the box lists: the API's own limit. */
const SUGGESTIONS_SHOWN = 10;

/**
 * Labels and tags in the user's photos with a word starting with `prefix`, the most common first; nothing is
 * asked for an empty prefix. While the next prefix's answer is on its way, the last answer stays, for the box
 * to narrow down itself rather than flicker.
 */
export function useSuggestions(prefix: string) {
  const typed = prefix.trim();
  return useQuery({
    queryKey: ["search", "suggest", typed.toLowerCase()],
    queryFn: ({ signal }) => unwrap(api.GET("/api/search/suggest", { params: { query: { prefix: typed } }, signal })),
    enabled: typed.length > 0,
    select: (data): SearchSuggestion[] => data.suggestions.slice(0, SUGGESTIONS_SHOWN),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
