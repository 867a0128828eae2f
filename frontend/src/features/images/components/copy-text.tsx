import { useEffect, useState } from "react";
import { buttonClass } from "@/components/button";
import styles from "./copy-text.module.css";

/** How long the button says "Copied" before it offers to copy again. */
const COPIED_FOR_MS = 2000;

type CopyState = "idle" | "copied" | "failed";

/** Copies the text to the clipboard ("Copy text", then "Copied"); says so where the browser lets no page copy. */
export function CopyText({ text }: { text: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // The clipboard is there only on a secure page (https, or localhost): elsewhere it is undefined.
  const copy = () =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(
        () => setState("copied"),
        () => setState("failed"),
      );

  return (
    <>
      <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={() => void copy()}>
        {state === "copied" ? "Copied" : "Copy text"}
      </button>
      <span className={state === "failed" ? `muted ${styles.failed}` : "visually-hidden"} role="status">
        {state === "copied" && "Text copied."}
        {state === "failed" && "Could not copy here: select the lines and copy them instead."}
      </span>
    </>
  );
}
