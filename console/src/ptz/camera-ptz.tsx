import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { commandSenderFor, connectedAgentOf, type CommandSender } from '../shared/agent-commands.js';
import { can } from '../store/session.js';
import { PtzPad } from './ptz-pad.js';

/**
 * The PTZ pad of a camera on the Cameras screen: only for roles that may
 * control cameras (camera.control), through the connected agent of the
 * camera's site; nothing while there is none.
 */
export function CameraPtz({ cameraId, siteId }: { cameraId: string; siteId: string }) {
  const sender = useSignal<CommandSender | null>(null);
  const allowed = can('camera.control');
  useEffect(() => {
    if (!allowed) return;
    const abort = new AbortController();
    sender.value = null;
    connectedAgentOf(siteId, abort.signal).then(
      (agent) => (sender.value = agent === undefined ? null : commandSenderFor(agent.id)),
      () => (sender.value = null), // no agent to ask: no pad, the live view goes on
    );
    return () => abort.abort();
  }, [siteId, allowed]);
  if (!allowed || sender.value === null) return null;
  return <PtzPad cameraId={cameraId} send={sender.value} />;
}
