import { contextPlugin } from '../http/context-plugin.js';
import { evidenceLocksRoutes, type EvidenceLocksRoutesOptions } from './evidence-locks.routes.js';

/** Evidence locks: `/api/evidence-locks` (retention reads the held ones). */
export const evidenceLocksContext = contextPlugin<EvidenceLocksRoutesOptions>('evidence-locks', ['argus-auth', 'argus-audit'], evidenceLocksRoutes);
