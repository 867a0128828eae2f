import type { MemberRole } from "../api/members";

type RoleSelectProps = {
  id: string;
  value: MemberRole;
  onChange: (role: MemberRole) => void;
  disabled?: boolean;
};

/** Viewer or contributor. */
export function RoleSelect({ id, value, onChange, disabled }: RoleSelectProps) {
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value as MemberRole)} disabled={disabled}>
      <option value="viewer">Viewer</option>
      <option value="contributor">Contributor</option>
    </select>
  );
}
