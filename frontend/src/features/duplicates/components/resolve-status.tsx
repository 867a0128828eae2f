import { Link } from "react-router";
import { Alert } from "@/components/alert";
import { linkButtonClass } from "@/components/button";
import { plural } from "@/lib/format";
import type { ResolvedGroup } from "../api/resolve-group";
import { useUndoResolve } from "../api/undo-resolve";
import { mergedText, resolvedText } from "../utils/resolution-text";
import styles from "./resolve-status.module.css";

/**
 * What the last resolve did, "Kept a.jpg; 2 photos moved to the trash.", and what the photo kept took from the
 * others; with Undo, which puts the photos trashed back (their group comes back with them), and the way to the Trash.
 */
export function ResolveStatus({ resolved }: { resolved: ResolvedGroup }) {
  const undo = useUndoResolve();
  const { trashed } = resolved.resolution;
  const merged = mergedText(resolved);

  return (
    <div className={styles.status}>
      <p role="status">
        {undo.isSuccess
          ? `${plural(trashed.length, "photo")} put back in the library.`
          : [resolvedText(resolved), merged].filter(Boolean).join(" ")}
      </p>
      {trashed.length > 0 && !undo.isSuccess && (
        <button
          type="button"
          className={linkButtonClass}
          onClick={() => undo.mutate(trashed)}
          disabled={undo.isPending}
        >
          Undo
        </button>
      )}
      {trashed.length > 0 && (
        <Link className={styles.trash} to="/trash">
          Open the trash
        </Link>
      )}
      {undo.isError && <Alert error={undo.error} />}
    </div>
  );
}
