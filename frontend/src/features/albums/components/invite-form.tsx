import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import field from "@/components/field.module.css";
import { ApiError } from "@/lib/api-client";
import { useInviteMember, type MemberRole } from "../api/members";
import { roleName } from "../utils/roles";
import { RoleSelect } from "./role-select";
import styles from "./invite-form.module.css";

/** Why an invitation was refused, in words that say what to do; null: the API's own message says it. */
function refusalText(error: unknown, username: string): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "user_not_found") return `Nobody is called “${username}” here. Check the username.`;
  if (error.code === "already_member") return `${username} is already a member: change their role above.`;
  if (error.code === "invalid_member") return "That is you: the album is already yours.";
  return null;
}

/** Shares the album with someone's account, by their username, as a viewer or a contributor. */
export function InviteForm({ albumId }: { albumId: string }) {
  const invite = useInviteMember(albumId);
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<MemberRole>("viewer");
  const [invited, setInvited] = useState<string | null>(null);
  const usernameId = useId();
  const roleId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = username.trim();
    if (!name) return;
    setInvited(null);
    invite.mutate(
      { username: name, role },
      {
        onSuccess: (member) => {
          setInvited(`Shared with ${member.username} as a ${roleName(member.role).toLowerCase()}.`);
          setUsername("");
        },
      },
    );
  };

  const refusal = invite.isError ? refusalText(invite.error, invite.variables.username) : null;

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Invite someone">
      <div className={`${field.field} ${styles.username}`}>
        <label className={field.label} htmlFor={usernameId}>
          Username
        </label>
        <input
          id={usernameId}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      </div>
      <div className={field.field}>
        <label className={field.label} htmlFor={roleId}>
          Role
        </label>
        <RoleSelect id={roleId} value={role} onChange={setRole} />
      </div>
      <button
        type="submit"
        className={buttonClass({ variant: "primary", size: "small", className: styles.submit })}
        disabled={invite.isPending || !username.trim()}
      >
        {invite.isPending ? "Inviting…" : "Invite"}
      </button>
      {refusal !== null && (
        <p className={styles.refusal} role="alert">
          {refusal}
        </p>
      )}
      {invite.isError && refusal === null && (
        <div className={styles.message}>
          <Alert error={invite.error} />
        </div>
      )}
      {invited && (
        <p className={styles.message} role="status">
          {invited}
        </p>
      )}
    </form>
  );
}
