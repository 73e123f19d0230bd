import { ROLES, type Role } from '@argus/contracts';
import { Field } from '../shared/field.js';
import { ROLE_HINT } from './role-hints.js';

/** The labelled role picker of the user and token forms; `allowed` narrows the choice (a token may not outrank its creator). */
export function RoleField(props: {
  id: string;
  value: Role;
  onChange(role: Role): void;
  allowed?: (role: Role) => boolean;
  disabled?: boolean;
}) {
  return (
    <Field id={props.id} label="Role">
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
    </Field>
  );
}
