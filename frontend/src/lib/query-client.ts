import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api-client";

export const ME_QUERY_KEY = ["auth", "me"] as const;

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

function isMeQuery(queryKey: readonly unknown[]): boolean {
  return queryKey.length === ME_QUERY_KEY.length && ME_QUERY_KEY.every((part, index) => queryKey[index] === part);
}

/**
 * The session is over (logged out, or the server answered 401): nobody is signed in and nothing of theirs
 * stays cached. The user goes first, while its observer is still attached, so the login screen replaces the
 * library at once; then every other query goes, so the next user starts from nothing.
 */
export function endSession(queryClient: QueryClient) {
  queryClient.setQueryData(ME_QUERY_KEY, null);
  queryClient.removeQueries({ predicate: (query) => !isMeQuery(query.queryKey) });
}

/** A 401 means the session is gone; a refused login (`invalid_credentials`) is only a wrong password. */
export function isSessionExpired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code !== "invalid_credentials";
}

export function createQueryClient(): QueryClient {
  // A 401 anywhere means the session is gone: forget the user and their data so the login screen shows.
  const signOutOnUnauthorized = (error: unknown) => {
    if (isSessionExpired(error)) endSession(queryClient);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: signOutOnUnauthorized }),
    mutationCache: new MutationCache({ onError: signOutOnUnauthorized }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
