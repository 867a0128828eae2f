import { useId, useRef } from "react";
import { Alert } from "@/components/alert";
import { ConfirmAction } from "@/components/confirm-action";
import { Spinner } from "@/components/spinner";
import { useLinks, useRevokeLink, type ShareLink } from "../api/links";
import { expiryText } from "../utils/link-expiry";
import { CopyLink } from "./copy-link";
import styles from "./link-list.module.css";

type LinkRowProps = { link: ShareLink; number: number; onRevoke: () => void; revoking: boolean };

/** A link: its address to copy, how long it works and whether it lets the originals be saved, and Revoke. */
function LinkRow({ link, number, onRevoke, revoking }: LinkRowProps) {
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const name = `Link ${number}`;
  return (
    <li className={styles.link} aria-label={name}>
      <label className="visually-hidden" htmlFor={fieldId}>
        {name}
      </label>
      <input
        ref={field}
        id={fieldId}
        className={styles.url}
        value={link.url}
        readOnly
        onFocus={(event) => event.target.select()}
      />
      <CopyLink url={link.url} field={field} />
      <span className={styles.facts}>
        {expiryText(link.expires_at)} · {link.allow_download ? "Originals can be downloaded" : "View only"}
      </span>
      <ConfirmAction
        label="Revoke"
        question="Revoke this link? It stops working at once, for everyone who has it."
        confirmLabel="Yes, revoke it"
        pending={revoking}
        onConfirm={onRevoke}
      />
    </li>
  );
}

/** The links that open the album, in the order the API lists them. */
export function LinkList({ albumId }: { albumId: string }) {
  const links = useLinks(albumId);
  const revokeLink = useRevokeLink(albumId);

  if (links.isPending) {
    return (
      <p className={styles.loading} role="status">
        <Spinner />
        Loading the links…
      </p>
    );
  }
  if (links.isError) return <Alert error={links.error} />;

  return (
    <>
      {links.data.length === 0 ? (
        <p>No links yet.</p>
      ) : (
        <ul className={styles.links} aria-label="Links">
          {links.data.map((link, index) => (
            <LinkRow
              key={link.id}
              link={link}
              number={index + 1}
              onRevoke={() => revokeLink.mutate(link.id)}
              revoking={revokeLink.isPending}
            />
          ))}
        </ul>
      )}
      {revokeLink.isError && <Alert error={revokeLink.error} />}
    </>
  );
}
