import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import field from "@/components/field.module.css";
import { useCreateLink } from "../api/links";
import { expiryOfDay, today } from "../utils/link-expiry";
import styles from "./new-link-form.module.css";

/** Makes a link to the album: for good or until a day, letting the originals be downloaded or not. */
export function NewLinkForm({ albumId }: { albumId: string }) {
  const createLink = useCreateLink(albumId);
  const [until, setUntil] = useState("");
  const [allowDownload, setAllowDownload] = useState(false);
  const [created, setCreated] = useState(false);
  const untilId = useId();
  const untilHintId = useId();
  const downloadId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(false);
    createLink.mutate(
      { expires_at: until ? expiryOfDay(until) : null, allow_download: allowDownload },
      {
        onSuccess: () => {
          setCreated(true);
          setUntil("");
          setAllowDownload(false);
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="New link">
      <div className={field.field}>
        <label className={field.label} htmlFor={untilId}>
          Works until (optional)
        </label>
        <input
          id={untilId}
          type="date"
          min={today()}
          value={until}
          onChange={(event) => setUntil(event.target.value)}
          aria-describedby={untilHintId}
        />
        <span id={untilHintId} className={styles.hint}>
          Empty: until you revoke it.
        </span>
      </div>
      <label className={`${field.inline} ${styles.download}`} htmlFor={downloadId}>
        <input
          id={downloadId}
          type="checkbox"
          checked={allowDownload}
          onChange={(event) => setAllowDownload(event.target.checked)}
        />
        Allow downloading originals
      </label>
      <button
        type="submit"
        className={buttonClass({ variant: "primary", size: "small", className: styles.submit })}
        disabled={createLink.isPending}
      >
        {createLink.isPending ? "Creating…" : "Create link"}
      </button>
      {createLink.isError && (
        <div className={styles.message}>
          <Alert error={createLink.error} />
        </div>
      )}
      {created && (
        <p className={styles.message} role="status">
          Link created: copy it from the list above.
        </p>
      )}
    </form>
  );
}
