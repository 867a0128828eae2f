import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, unwrap } from "@/lib/api-client";
import { ME_QUERY_KEY, endSession } from "@/lib/query-client";
import type { Credentials } from "@/types/api";
import { getUser } from "./get-user";

async function logIn(credentials: Credentials) {
  await unwrap(api.POST("/api/auth/login", { body: credentials }));
  return getUser();
}

async function signUp(credentials: Credentials) {
  await unwrap(api.POST("/api/auth/register", { body: credentials }));
  return logIn(credentials);
}

export function useSignIn(mode: "login" | "register") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mode === "login" ? logIn : signUp,
    onSuccess: (user) => queryClient.setQueryData(ME_QUERY_KEY, user),
  });
}

/** Logs out, then shows the login screen at `/` with nothing of this user's left in the cache. */
export function useLogOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout")),
    onSuccess: () => {
      void navigate("/", { replace: true });
      endSession(queryClient);
    },
  });
}
