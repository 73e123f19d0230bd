import { execFileSync } from 'node:child_process';

/**
 * Multicast tests (WS-Discovery) run only inside a private network namespace
 * whose only interface is its own loopback, so no datagram can leave the
 * machine. This shell prelude makes that loopback carry multicast.
 */
export const PRIVATE_MULTICAST_SETUP = 'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo';

/** Why a private namespace cannot be made here, or undefined when it can. */
export function privateNetnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for a private network namespace (unshare -n)';
  try {
    execFileSync('unshare', ['-n', 'sh', '-c', PRIVATE_MULTICAST_SETUP], { stdio: 'ignore', timeout: 5_000 });
    return undefined;
  } catch {
    // Missing unshare/ip, or not permitted in this sandbox: the caller skips with this reason.
    return 'unshare -n or ip is not available or not permitted here';
  }
}
