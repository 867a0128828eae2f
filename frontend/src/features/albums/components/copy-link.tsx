import { useEffect, useState, type RefObject } from "react";
import { buttonClass } from "@/components/button";
import styles from "./copy-link.module.css";

/** How long the button says "Copied" before it offers to copy again. */
const COPIED_FOR_MS = 2000;

type CopyState = "idle" | "copied" | "failed";

type CopyLinkProps = {
  url: string;
  /** The field showing the link: selected for copying by hand where the browser lets no page copy. */
  field: RefObject<HTMLInputElement | null>;
};

/** "Copy link", then "Copied"; where the clipboard is out of reach, the link is selected to copy by hand. */
export function CopyLink({ url, field }: CopyLinkProps) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [state]);

  // The clipboard is there only on a secure page (https, or localhost): elsewhere it is undefined.
  const copy = () =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(url))
      .then(
        () => setState("copied"),
        () => {
          setState("failed");
          field.current?.focus();
          field.current?.select();
        },
      );

  return (
    <>
      <button type="button" className={buttonClass({ variant: "ghost", size: "small" })} onClick={() => void copy()}>
        {state === "copied" ? "Copied" : "Copy link"}
      </button>
      <span className={state === "failed" ? styles.failed : "visually-hidden"} role="status">
        {state === "copied" && "Link copied."}
        {state === "failed" && "Could not copy here: the link is selected, copy it from the field."}
      </span>
    </>
  );
}
