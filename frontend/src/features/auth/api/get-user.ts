import { useQuery } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "@/lib/api-client";
import { ME_QUERY_KEY } from "@/lib/query-client";
import type { User } from "@/types/api";

let csrfCookieRequest: Promise<void> | undefined;

/** Asks Django once per page load to set the `csrftoken` cookie that unsafe requests echo back. */
export function ensureCsrfCookie(): Promise<void> {
  csrfCookieRequest ??= unwrap(api.GET("/api/auth/csrf")).catch((error: unknown) => {
    csrfCookieRequest = undefined;
    throw error;
  });
  return csrfCookieRequest;
}

/** The signed-in user, or null when nobody is signed in. */
export async function getUser(): Promise<User | null> {
  await ensureCsrfCookie();
  try {
    return await unwrap(api.GET("/api/auth/me"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useUser() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: getUser, staleTime: Infinity });
}
