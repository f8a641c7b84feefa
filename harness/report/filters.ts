/**
 * Filters for the findings by status, domain and severity without a line of script (the
 * page keeps CSP `default-src 'none'`): each filter is a group of radio buttons, and CSS
 * `:has()` hides what the checked button excludes. A reset button clears them. Check
 * sections carry `d-<domain>`, `v-<severity>` and `has-<status>` classes; status groups
 * inside them carry `s-<status>`.
 */
import { escapeXml as esc } from './escape.ts';

/** A CSS-safe token for a class or id (domains and severities are plain words; anything else is folded). */
export const token = (value: string) => value.toLowerCase().replace(/[^a-z0-9_-]/g, '-');

interface FilterGroup {
  name: string;
  label: string;
  values: readonly string[];
}

function radios(group: FilterGroup): string {
  const option = (value: string, text: string, checked = false) =>
    `<input type="radio" name="${group.name}" id="${group.name}-${token(value)}" value="${esc(value)}"${checked ? ' checked' : ''}><label for="${group.name}-${token(value)}">${esc(text)}</label>`;
  return `<fieldset><legend>${esc(group.label)}</legend>${option('all', 'all', true)}${group.values.map((value) => option(value, value.replace('_', ' '))).join('')}</fieldset>`;
}

/** The filter bar and the CSS rules that make it work. */
export function filtersHtml(statuses: readonly string[], domains: readonly string[], severities: readonly string[]): { html: string; css: string } {
  const groups: FilterGroup[] = [
    { name: 'fs', label: 'Status', values: statuses },
    { name: 'fd', label: 'Domain', values: domains },
    { name: 'fv', label: 'Severity', values: severities },
  ];
  const html = `<form class="filters" aria-label="Filter findings">${groups.map(radios).join('')}<button type="reset">show all</button></form>`;
  const rules = [
    ...statuses.flatMap((status) => [
      `body:has(#fs-${token(status)}:checked) section.check:not(.has-${token(status)}){display:none}`,
      `body:has(#fs-${token(status)}:checked) .fgroup:not(.s-${token(status)}){display:none}`,
    ]),
    ...domains.map((domain) => `body:has(#fd-${token(domain)}:checked) section.check:not(.d-${token(domain)}){display:none}`),
    ...severities.map((severity) => `body:has(#fv-${token(severity)}:checked) section.check:not(.v-${token(severity)}){display:none}`),
  ];
  return { html, css: rules.join('\n') };
}
