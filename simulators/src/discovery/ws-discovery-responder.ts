import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger, Service } from '@argus/runtime';
import { SIM_ERRORS, simError } from '../simulator-errors.js';
import { parseProbe, probeMatches, probeMatchesXml, type DiscoveredDevice } from './ws-discovery-messages.js';

export const WS_DISCOVERY_PORT = 3702; // used by createSimulator when discovery is on
export const WS_DISCOVERY_GROUP = '239.255.255.250';
/** Largest datagram looked at; a Probe is well under 2 KiB. */
const MAX_DATAGRAM_BYTES = 16 * 1024;

export interface DiscoveryResponderOptions {
  /** UDP port; 3702 is the standard one, 0 an ephemeral one (for unicast tests). */
  readonly port: number;
  /** Address to bind when not joining multicast; default 127.0.0.1. Multicast binds the wildcard address (needed to receive group traffic). */
  readonly host?: string;
  /** Join 239.255.255.250 so multicast probes arrive. Off by default: probes then have to be sent unicast. */
  readonly multicast?: boolean;
  /** The cameras that answer now (online ones only). */
  readonly devices: () => readonly DiscoveredDevice[];
  readonly log?: Logger;
}

/**
 * Answers WS-Discovery Probes with one ProbeMatches datagram per matching
 * camera, sent unicast back to the prober (WS-Discovery 2005/04 as ONVIF
 * uses it). Anything that is not a Probe is dropped without a word.
 */
export class DiscoveryResponder implements Service {
  private socket: Socket | undefined;
  private boundPort = 0;
  private messageNumber = 0;
  // AppSequence InstanceId: must change when the responder restarts.
  private readonly instanceId = Math.floor(Date.now() / 1000);
  private stopping: Promise<void> | undefined;
  private readonly log: Logger | undefined;

  constructor(private readonly options: DiscoveryResponderOptions) {
    this.log = options.log?.child({ component: 'ws-discovery' });
  }

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    if (this.socket) return;
    const multicast = this.options.multicast ?? false;
    const socket = createSocket({ type: 'udp4', reuseAddr: multicast });
    this.socket = socket;
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    socket.on('error', (err) => this.log?.warn({ err }, 'WS-Discovery socket error'));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(simError(SIM_ERRORS.listen, `WS-Discovery cannot bind UDP ${this.options.port}: ${err.message}`, err));
      socket.once('error', onError);
      const bound = (): void => {
        socket.off('error', onError);
        resolve();
      };
      if (multicast) socket.bind(this.options.port, bound);
      else socket.bind(this.options.port, this.options.host ?? '127.0.0.1', bound);
    });
    if (multicast) {
      socket.addMembership(WS_DISCOVERY_GROUP);
      // Answers go unicast; the TTL only matters for anything sent to the group.
      socket.setMulticastTTL(1);
    }
    this.boundPort = socket.address().port;
    this.log?.info({ port: this.boundPort, multicast }, 'WS-Discovery listening');
  }

  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      const socket = this.socket;
      if (!socket) return resolve();
      socket.close(() => resolve());
    });
    return this.stopping;
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length > MAX_DATAGRAM_BYTES) return;
    const probe = parseProbe(msg.toString('utf8'));
    if (!probe) return;
    const matches = this.options.devices().filter((d) => probeMatches(probe, d));
    this.log?.debug({ from: `${rinfo.address}:${rinfo.port}`, matches: matches.length }, 'probe');
    for (const device of matches) {
      const reply = Buffer.from(probeMatchesXml(probe, device, this.instanceId, ++this.messageNumber), 'utf8');
      this.socket?.send(reply, rinfo.port, rinfo.address, (err) => {
        if (err) this.log?.debug({ err }, 'ProbeMatches not sent');
      });
    }
  }
}
