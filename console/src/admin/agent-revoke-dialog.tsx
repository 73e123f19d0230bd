import type { AgentHealth } from '@argus/contracts';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { api } from '../store/api.js';

/** Confirms and revokes an agent's credential (agent.revoke); used by the Agents and Health pages. */
export function AgentRevokeDialog(props: { agent: AgentHealth; onRevoked(agent: AgentHealth): void; onClose(): void }) {
  const { agent } = props;
  return (
    <ConfirmDialog
      title={`Revoke the credential of ${agent.name}?`}
      confirmLabel="Revoke credential"
      danger
      onConfirm={async () => {
        await api.revokeAgent(agent.id);
        props.onRevoked(agent);
      }}
      onClose={props.onClose}
    >
      <p>
        The agent can no longer upload, send heartbeats or take commands; recordings it still holds stay on its disk.
        To bring it back it must be enrolled again with a new enrollment token.
      </p>
    </ConfirmDialog>
  );
}
