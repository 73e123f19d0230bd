import type { SiteSummary, TokenRecord } from '@argus/contracts';
import { formatSiteScope } from '../shared/format.js';
import { When } from '../shared/when.js';
import { RoleBadge } from '../shared/role-badge.js';

/** One API token (never its value): who made it, what it may do, when it expires and was last used. */
export function TokenRow(props: { token: TokenRecord; nowMs: number; sites: readonly SiteSummary[] | undefined; onRevoke(token: TokenRecord): void }) {
  const { token } = props;
  const expired = Date.parse(token.expiresAt) <= props.nowMs;
  return (
    <tr data-testid="token-row" data-token-id={token.id} data-token-name={token.name}>
      <td>
        <span class="cell-strong">{token.name}</span>
        <div class="muted mono">{token.id}</div>
      </td>
      <td>
        <RoleBadge role={token.role} />
      </td>
      <td>{formatSiteScope(token.siteIds, props.sites)}</td>
      <td>
        <When iso={token.createdAt} />
        <div class="muted">by {token.createdBy.email}</div>
      </td>
      <td>
        <When iso={token.expiresAt} />
        {expired && <span class="tag tag--warn">expired</span>}
      </td>
      <td>
        <When iso={token.lastUsedAt} fallback="never" />
      </td>
      <td class="cell-actions">
        <button type="button" class="button button--small button--danger-quiet" onClick={() => props.onRevoke(token)}>
          Revoke
        </button>
      </td>
    </tr>
  );
}
