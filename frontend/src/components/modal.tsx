import { useEffect, useRef, useState, type ReactNode } from "react";
import { keepTabWithin } from "@/lib/focus-trap";
import styles from "./modal.module.css";

type ModalProps = {
  /** The id of the dialog's heading, which names it. */
  labelledBy: string;
  onClose: () => void;
  /** The dialog's own class, besides the modal's (its width, its layout). */
  className?: string;
  /** Keys the view handles itself while the dialog is open (← and → in a photo view); Escape always closes. */
  onKeyDown?: (event: KeyboardEvent) => void;
  children: ReactNode;
};

/**
 * A dialog over the page: Escape or a click beside it closes it, Tab goes round its controls and never leaves it.
 * It takes the focus when it opens (its first control that asks for it with autoFocus, else itself), and gives it
 * back to what had it (the button that opened it) when it closes.
 */
export function Modal({ labelledBy, onClose, className, onKeyDown, children }: ModalProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const [opener] = useState(() => document.activeElement);

  useEffect(() => {
    if (!dialog.current?.contains(document.activeElement)) dialog.current?.focus();
    return () => {
      if (opener instanceof HTMLElement) opener.focus();
    };
  }, [opener]);

  useEffect(() => {
    const handleKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
      else if (event.key === "Tab" && dialog.current) keepTabWithin(event, dialog.current);
      else onKeyDown?.(event);
    };
    document.addEventListener("keydown", handleKey);
    return () => document.removeEventListener("keydown", handleKey);
  }, [onClose, onKeyDown]);

  return (
    <div className={styles.backdrop} onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={dialog}
        className={className ? `${styles.dialog} ${className}` : styles.dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        tabIndex={-1}
      >
        {children}
      </div>
    </div>
  );
}
