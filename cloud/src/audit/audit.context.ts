import { contextPlugin } from '../http/context-plugin.js';
import { auditRoutes, type AuditRoutesOptions } from './audit.routes.js';

/** The audit log, for admins. */
export const auditContext = contextPlugin<AuditRoutesOptions>('audit', ['argus-auth'], auditRoutes);
