import { CloudError } from '../errors.js';

/** Whether site ids name sites of an organisation (a user or token may be scoped only to real sites). */
export interface SiteCheck {
  assertExist(orgId: string, siteIds: readonly string[] | null): Promise<void>;
}

export function siteCheck(existing: (orgId: string) => Promise<ReadonlySet<string>>): SiteCheck {
  return {
    async assertExist(orgId, siteIds) {
      if (siteIds === null || siteIds.length === 0) return;
      const known = await existing(orgId);
      const unknown = siteIds.filter((s) => !known.has(s));
      if (unknown.length > 0) throw new CloudError('CLD_ERR_VALIDATION', `body/siteIds: no site ${unknown.join(', ')} in this organisation`, { field: 'siteIds' });
    },
  };
}
