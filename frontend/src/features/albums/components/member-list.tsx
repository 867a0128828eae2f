import { useId } from "react";
import { Alert } from "@/components/alert";
import { ConfirmAction } from "@/components/confirm-action";
import { Spinner } from "@/components/spinner";
import { useChangeRole, useMembers, useRemoveMember, type Member, type MemberRole } from "../api/members";
import { RoleSelect } from "./role-select";
import styles from "./member-list.module.css";

type MemberRowProps = {
  member: Member;
  onChangeRole: (role: MemberRole) => void;
  onRemove: () => void;
  busy: boolean;
};

/** A member: their name, their role (changed at once), and Remove, which asks first. */
function MemberRow({ member, onChangeRole, onRemove, busy }: MemberRowProps) {
  const roleId = useId();
  return (
    <li className={styles.member} aria-label={member.username}>
      <span className={styles.name}>{member.username}</span>
      <label className="visually-hidden" htmlFor={roleId}>
        Role of {member.username}
      </label>
      <RoleSelect id={roleId} value={member.role} onChange={onChangeRole} disabled={busy} />
      <ConfirmAction
        label="Remove"
        question={`Stop sharing with ${member.username}? The photos they added leave the album.`}
        confirmLabel={`Yes, remove ${member.username}`}
        pending={busy}
        onConfirm={onRemove}
      />
    </li>
  );
}

/** Who the album is shared with, each with their role. */
export function MemberList({ albumId }: { albumId: string }) {
  const members = useMembers(albumId);
  const changeRole = useChangeRole(albumId);
  const removeMember = useRemoveMember(albumId);

  if (members.isPending) {
    return (
      <p className={styles.loading} role="status">
        <Spinner />
        Loading who it is shared with…
      </p>
    );
  }
  if (members.isError) return <Alert error={members.error} />;

  return (
    <>
      {members.data.length === 0 ? (
        <p>Not shared with anyone yet.</p>
      ) : (
        <ul className={styles.members} aria-label="Members">
          {members.data.map((member) => (
            <MemberRow
              key={member.username}
              member={member}
              onChangeRole={(role) => changeRole.mutate({ username: member.username, role })}
              onRemove={() => removeMember.mutate(member.username)}
              busy={changeRole.isPending || removeMember.isPending}
            />
          ))}
        </ul>
      )}
      {changeRole.isError && <Alert error={changeRole.error} />}
      {removeMember.isError && <Alert error={removeMember.error} />}
    </>
  );
}
