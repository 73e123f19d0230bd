import type { SiteSummary } from '@argus/contracts';
import { useId } from 'preact/hooks';

/**
 * Which sites a user or token may see: every site of the organisation
 * (`null`, including sites added later) or a chosen list. `within` is the
 * granter's own scope: nobody can hand out sites they do not have.
 */
export function SiteScopePicker(props: {
  legend: string;
  value: readonly string[] | null;
  onChange(next: string[] | null): void;
  sites: readonly SiteSummary[] | undefined;
  within?: readonly string[] | null;
  disabled?: boolean;
}) {
  const name = useId();
  const within = props.within ?? null;
  const choices = (props.sites ?? []).filter((site) => within === null || within.includes(site.id));
  const selected = new Set(props.value ?? []);
  const toggle = (siteId: string, on: boolean): void => {
    const next = new Set(selected);
    if (on) next.add(siteId);
    else next.delete(siteId);
    props.onChange(choices.map((site) => site.id).filter((id) => next.has(id)));
  };

  return (
    <fieldset class="site-picker" disabled={props.disabled}>
      <legend class="site-picker__legend">{props.legend}</legend>
      <label class="choice">
        <input
          type="radio"
          name={name}
          checked={props.value === null}
          disabled={within !== null}
          onChange={() => props.onChange(null)}
        />
        All sites{within !== null && ' (beyond your own access)'}
      </label>
      <label class="choice">
        <input type="radio" name={name} checked={props.value !== null} onChange={() => props.onChange(props.value === null ? [] : [...props.value])} />
        Only these sites
      </label>
      {props.value !== null && (
        <div class="site-picker__list">
          {props.sites === undefined && <span class="muted">Loading sites…</span>}
          {props.sites !== undefined && choices.length === 0 && <span class="muted">No sites yet</span>}
          {choices.map((site) => (
            <label key={site.id} class="choice choice--check">
              <input type="checkbox" checked={selected.has(site.id)} onChange={(event) => toggle(site.id, event.currentTarget.checked)} />
              <span>{site.name}</span>
              <span class="muted mono">{site.id}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
