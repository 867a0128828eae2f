import { useId } from "react";
import { buttonClass } from "@/components/button";
import { Modal } from "@/components/modal";
import type { Album } from "../api/get-albums";
import { InviteForm } from "./invite-form";
import { LinkList } from "./link-list";
import { MemberList } from "./member-list";
import { NewLinkForm } from "./new-link-form";
import styles from "./share-dialog.module.css";

type ShareDialogProps = { album: Pick<Album, "id" | "title">; onClose: () => void };

/**
 * How an album of yours is shared: with accounts (each a viewer or a contributor, invited by username) and by
 * links that open it read-only to anyone who has them.
 */
export function ShareDialog({ album, onClose }: ShareDialogProps) {
  const titleId = useId();
  const peopleId = useId();
  const linksId = useId();

  return (
    <Modal labelledBy={titleId} onClose={onClose} className={styles.dialog}>
      <header className={styles.header}>
        <h2 id={titleId} className={styles.title}>
          Share “{album.title}”
        </h2>
        <button
          type="button"
          className={buttonClass({ variant: "ghost", size: "icon" })}
          onClick={onClose}
          aria-label="Close"
        >
          ✕
        </button>
      </header>

      <section className={styles.section} aria-labelledby={peopleId}>
        <h3 id={peopleId} className={styles.heading}>
          People
        </h3>
        <p className="muted">
          A viewer sees the album’s photos; a contributor may also add their own. They find it among their albums.
        </p>
        <MemberList albumId={album.id} />
        <InviteForm albumId={album.id} />
      </section>

      <section className={styles.section} aria-labelledby={linksId}>
        <h3 id={linksId} className={styles.heading}>
          Links
        </h3>
        <p className="muted">Anyone with a link sees the album’s photos, without an account, until it is revoked.</p>
        <LinkList albumId={album.id} />
        <NewLinkForm albumId={album.id} />
      </section>
    </Modal>
  );
}
