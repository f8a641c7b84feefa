/**
 * The fleet view: with many app VPCs, one table row per app VPC and one column per part
 * of its path (peering, routes, endpoints, security, zones, the static path, live DNS and
 * TLS), each cell observed-pass, observed-fail or not observed with its counts — boxes do
 * not scale past a handful of VPCs, a table does. Failing rows first.
 */
import { describeResource } from '../model/findings.ts';
import type { Results } from '../model/results.ts';
import { escapeXml as esc } from './escape.ts';
import type { FindingGroup } from './instances.ts';
import { appVpcsOf, detailOf, groupsBySuite, networkFindingsOf, observedState, type Observed } from './topology.ts';

/** The columns, each the checks it gathers; a network check in none of them lands in "other". */
const COLUMNS: { title: string; checks: readonly string[] }[] = [
  { title: 'VPCs and peering', checks: ['network.vpc-dns-attributes', 'network.vpc-cidrs-disjoint', 'network.peering-active'] },
  { title: 'Routes', checks: ['network.app-routes-to-endpoints', 'network.endpoint-routes-to-app'] },
  {
    title: 'Endpoints',
    checks: [
      'network.interface-endpoints-available',
      'network.endpoints-multi-az',
      'network.endpoint-ips-in-subnets',
      'network.endpoint-policy-allows-bedrock',
    ],
  },
  { title: 'Security groups and NACLs', checks: ['network.endpoint-sg-admits-app', 'network.nacls-allow-https'] },
  { title: 'Private zones', checks: ['network.private-zone-per-service', 'network.zone-alias-to-endpoint', 'dns.resolver-rules-do-not-shadow'] },
  { title: 'Static path', checks: ['network.static-path'] },
  { title: 'Live DNS', checks: ['dns.private-resolution'] },
  { title: 'Live TLS', checks: ['tls.endpoint-reachability'] },
];
const KNOWN = new Set(COLUMNS.flatMap((column) => column.checks));
const MARK: Record<Observed, string> = { pass: '✓', fail: '✗', unobserved: '?' };
const RANK: Record<Observed, number> = { fail: 0, unobserved: 1, pass: 2 };

/** True when the results name more than one app VPC. */
export function isFleet(results: Results): boolean {
  return appVpcsOf(results).length > 1;
}

/** The fleet table; empty when there is no fleet. */
export function fleetHtml(results: Results, groups: readonly FindingGroup[]): string {
  const scopes = appVpcsOf(results);
  if (scopes.length < 2) return '';
  if (!groups.some((group) => group.suites.length > 0)) {
    return `<p class="meta">${scopes.length} app VPCs; these results do not say which suite instance produced each finding (results joined by crisp merge), so the path of each app VPC cannot be told apart — see the findings.</p>`;
  }
  const others = (checkId: string) => !KNOWN.has(checkId);
  // The "other" column appears only when some network check falls outside the named parts.
  const columns = groups.some((group) => {
    const finding = results.findings[group.finding]!;
    return /^(network|dns|tls)\./.test(finding.checkId) && others(finding.checkId);
  })
    ? [...COLUMNS, { title: 'Other', checks: [] as string[] }]
    : COLUMNS;
  const bySuite = groupsBySuite(groups);
  const rows = scopes.map((scope) => {
    const findings = networkFindingsOf(results, groups, scope, bySuite);
    const cells = columns.map((column) => {
      const mine = findings.filter((finding) => (column.title === 'Other' ? others(finding.checkId) : column.checks.includes(finding.checkId)));
      const state = observedState(mine);
      const failing = mine.filter((finding) => finding.status === 'fail').length;
      const count = mine.length === 0 ? '' : state === 'fail' ? ` ${failing}/${mine.length}` : ` ${mine.length}`;
      return { state, html: `<td class="cell ${state}" title="${esc(detailOf(mine))}">${MARK[state]}${count}</td>` };
    });
    const own = findings.find((finding) => finding.resource.id === scope.vpcId);
    const where = own ? [own.resource.account, own.resource.region].filter(Boolean).join(' · ') : '';
    const state: Observed = findings.length === 0 ? 'unobserved' : cells.some((cell) => cell.state === 'fail') ? 'fail' : observedState(findings);
    const name = own ? describeResource(own.resource) : scope.vpcId;
    return {
      state,
      html: `<tr class="fleet-row ${state}"><td class="cell ${state}">${MARK[state]}</td><td><code>${esc(name)}</code>${where ? `<br><span class="meta">${esc(where)}</span>` : ''}</td>${cells.map((cell) => cell.html).join('')}</tr>`,
    };
  });
  rows.sort((a, b) => RANK[a.state] - RANK[b.state]);
  const tally = (state: Observed) => rows.filter((row) => row.state === state).length;
  const header = `<tr><th></th><th>App VPC</th>${columns
    .map((column) => column.title)
    .map((title) => `<th>${esc(title)}</th>`)
    .join('')}</tr>`;
  return `<p>${scopes.length} app VPCs: <span class="fail">${tally('fail')} ✗ failing</span> · <span class="unobserved">${tally('unobserved')} ? not fully observed</span> · <span class="pass">${tally('pass')} ✓ observed and passing</span>. Each cell counts the distinct findings of that part of the path (failing/all when any fails).</p>
<table id="fleet" class="fleet">${header}${rows.map((row) => row.html).join('')}</table>`;
}
