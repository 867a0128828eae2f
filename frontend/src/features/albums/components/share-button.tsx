import { useState } from "react";
import { buttonClass } from "@/components/button";
import type { Album } from "../api/get-albums";
import { ShareDialog } from "./share-dialog";

/** "Share": opens the dialog that shares an album of yours with accounts and by links. */
export function ShareButton({ album }: { album: Pick<Album, "id" | "title"> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={buttonClass({ variant: "ghost", size: "small" })}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Share
      </button>
      {open && <ShareDialog album={album} onClose={() => setOpen(false)} />}
    </>
  );
}
