import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LayoutsDocument, errors } from '@argus/contracts';
import { CloudError } from '../errors.js';
import { personOf } from '../http/principal.js';
import type { LayoutsRepository } from './layouts.repository.js';

export interface LayoutsRoutesOptions {
  readonly layouts: LayoutsRepository;
  readonly now: () => number;
}

/**
 * What the schema cannot say: each layout has one tile per cell of its
 * grid, names are unique, and `lastUsed` names one of them.
 */
export function layoutsProblem(document: LayoutsDocument): { field: string; message: string } | undefined {
  const names = new Set<string>();
  for (const [i, layout] of document.layouts.entries()) {
    if (layout.tiles.length !== layout.size) return { field: `layouts.${i}.tiles`, message: `layout ${JSON.stringify(layout.name)} has ${layout.tiles.length} tiles for a ${layout.size}-tile grid` };
    if (names.has(layout.name)) return { field: `layouts.${i}.name`, message: `two layouts are named ${JSON.stringify(layout.name)}` };
    names.add(layout.name);
  }
  if (document.lastUsed !== null && !names.has(document.lastUsed)) return { field: 'lastUsed', message: `no layout named ${JSON.stringify(document.lastUsed)}` };
  return undefined;
}

/**
 * The caller's own Live wall layouts. Each user (an API token acts for the
 * user who created it) sees and replaces only their own; camera ids are not
 * checked against the caller's sites, since a tile of a camera the user may
 * no longer see just shows "no permission".
 */
export const layoutsRoutes: FastifyPluginAsyncTypebox<LayoutsRoutesOptions> = async (app, { layouts, now }) => {
  app.get('/api/me/layouts', {
    config: { access: 'self' },
    schema: { response: { 200: LayoutsDocument, ...errors(401) } },
  }, async (request) => {
    const { orgId, userId } = personOf(request.principal);
    return layouts.get({ orgId, userId });
  });

  app.put('/api/me/layouts', {
    config: { access: 'self' },
    schema: { body: LayoutsDocument, response: { 200: LayoutsDocument, ...errors(400, 401) } },
  }, async (request) => {
    const { orgId, userId } = personOf(request.principal);
    const problem = layoutsProblem(request.body);
    if (problem !== undefined) throw new CloudError('CLD_ERR_VALIDATION', `body/${problem.field.replaceAll('.', '/')}: ${problem.message}`, { field: problem.field });
    await layouts.put({ orgId, userId }, request.body, now());
    return request.body;
  });
};
