import type { Role } from '@argus/contracts';

/** A role as a small labelled badge; colour only repeats what the text says. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <span class={`role-badge role-badge--${role}`} data-role={role}>
      {role}
    </span>
  );
}
