import type { ReactNode } from "react";
import { errorMessage } from "@/lib/api-client";

type AlertProps = { error: unknown; action?: ReactNode };

/** Shows an error as a sentence, never as raw JSON. */
export function Alert({ error, action }: AlertProps) {
  return (
    <div className="alert" role="alert">
      <span>{errorMessage(error)}</span>
      {action}
    </div>
  );
}
