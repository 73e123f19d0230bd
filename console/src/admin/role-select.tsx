import { ROLES, type Role } from '@argus/contracts';
import { ROLE_HINT } from './role-hints.js';

/** A role picker; `allowed` narrows the choice (a token may not outrank its creator). */
export function RoleSelect(props: {
  id: string;
  value: Role;
  onChange(role: Role): void;
  allowed?: (role: Role) => boolean;
  disabled?: boolean;
}) {
  return (
    <select
      id={props.id}
      class="input"
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.currentTarget.value as Role)}
    >
      {ROLES.filter((role) => props.allowed?.(role) ?? true).map((role) => (
        <option key={role} value={role}>
          {role} — {ROLE_HINT[role]}
        </option>
      ))}
    </select>
  );
}
