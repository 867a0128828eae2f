import { useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { ApiError } from "@/lib/api-client";
import { Brand } from "@/components/brand";
import { buttonClass, linkButtonClass } from "@/components/button";
import { useDocumentTitle } from "@/lib/use-document-title";
import field from "@/components/field.module.css";
import { useSignIn } from "../api/sign-in";
import styles from "./auth-screen.module.css";

type Mode = "login" | "register";

/** The screen's words: `tabTitle` names the browser's tab. */
type Copy = { title: string; tabTitle: string; submit: string; switchPrompt: string; switchAction: string };

const COPY: Record<Mode, Copy> = {
  login: {
    title: "Log in to Spotter",
    tabTitle: "Log in",
    submit: "Log in",
    switchPrompt: "New here?",
    switchAction: "Create an account",
  },
  register: {
    title: "Create your Spotter account",
    tabTitle: "Sign up",
    submit: "Sign up",
    switchPrompt: "Already have an account?",
    switchAction: "Log in instead",
  },
};

export function AuthScreen() {
  const [mode, setMode] = useState<Mode>("login");
  const signIn = useSignIn(mode);
  const copy = COPY[mode];
  useDocumentTitle(copy.tabTitle);
  // A refused password's reasons go beside the password field, not in the general alert.
  const passwordProblems = passwordReasons(signIn.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    signIn.mutate({ username: text("username"), password: text("password") });
  };

  const switchMode = () => {
    signIn.reset();
    setMode(mode === "login" ? "register" : "login");
  };

  return (
    <main className={styles.auth}>
      <div className={styles.card}>
        <Brand large aria-hidden />
        <p className={styles.tagline}>Your photos, searchable by what is in them.</p>
        <h1 className={styles.title}>{copy.title}</h1>
        <form className={styles.form} onSubmit={submit}>
          <label className={field.field}>
            <span className={field.label}>Username</span>
            <input name="username" autoComplete="username" required autoFocus />
          </label>
          <label className={field.field}>
            <span className={field.label}>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={mode === "login" ? "current-password" : "new-password"}
              required
              aria-invalid={passwordProblems.length > 0}
              aria-describedby={passwordProblems.length > 0 ? "password-problems" : undefined}
            />
          </label>
          {passwordProblems.length > 0 && (
            <ul id="password-problems" className={styles.problems}>
              {passwordProblems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          {signIn.isError && passwordProblems.length === 0 && <Alert error={signIn.error} />}
          <button className={buttonClass({ variant: "primary" })} type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? "Please wait…" : copy.submit}
          </button>
        </form>
        <p className={styles.switch}>
          {copy.switchPrompt}{" "}
          <button type="button" className={linkButtonClass} onClick={switchMode}>
            {copy.switchAction}
          </button>
        </p>
      </div>
    </main>
  );
}

/** The reasons the server gave for refusing a new password, if that is what it refused. */
export function passwordReasons(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== "weak_password") return [];
  const reasons = error.details.password;
  return Array.isArray(reasons) ? reasons.map(String) : [error.message];
}
