/**
 * The topology of one app VPC as inline SVG: the app VPC with its private zones, the
 * peering, the endpoint VPC with its endpoints, and the live probes underneath. Observed
 * and passed is green, observed and failed red, not observed grey and dashed — the
 * picture never shows green for what nobody saw. Every label is escaped.
 */
import { escapeXml as esc } from './escape.ts';
import type { Observed, Topology, TopologyNode, VpcNode } from './topology.ts';

const COLOUR: Record<Observed, string> = { pass: '#1a7f37', fail: '#cf222e', unobserved: '#6e7781' };
const MARK: Record<Observed, string> = { pass: '✓', fail: '✗', unobserved: '?' };
/** Grey elements are dashed, so the state reads without colour too (print, colour blindness). */
const DASH: Record<Observed, string> = { pass: '', fail: '', unobserved: ' stroke-dasharray="5 4"' };
const WIDTH: Record<Observed, number> = { pass: 1.2, fail: 2.5, unobserved: 1.2 };

/** Children drawn per VPC box; the rest are summarised in one row. */
const SHOWN = 8;
const BOX = 430;
const GAP = 180;
const ROW = 30;

/** Characters of a label that fit a box; the whole label is in the element's tooltip. */
const fit = (text: string, limit: number) => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

function nodeSvg(x: number, y: number, width: number, item: TopologyNode): string {
  const { state } = item;
  const label = fit(`${item.label}${state === 'unobserved' ? ' — not observed' : ''}`, Math.floor((width - 30) / 7));
  return `<g class="node ${state}" data-state="${state}"><title>${esc(`${item.label}: ${item.detail}`)}</title><rect x="${x}" y="${y}" width="${width}" height="24" rx="4" fill="${state === 'unobserved' ? '#f6f8fa' : '#fff'}" stroke="${COLOUR[state]}" stroke-width="${WIDTH[state]}"${DASH[state]}/>
<text x="${x + 8}" y="${y + 16}" fill="${COLOUR[state]}">${MARK[state]} ${esc(label)}</text></g>`;
}

/** A row standing for the children not drawn: how many, by state. */
function restSvg(x: number, y: number, width: number, rest: readonly TopologyNode[]): string {
  const count = (state: Observed) => rest.filter((item) => item.state === state).length;
  const parts = (['fail', 'unobserved', 'pass'] as const).filter((state) => count(state) > 0).map((state) => `${count(state)} ${MARK[state]}`);
  const state: Observed = count('fail') > 0 ? 'fail' : count('unobserved') > 0 ? 'unobserved' : 'pass';
  return nodeSvg(x, y, width, { id: 'more', label: `${rest.length} more: ${parts.join(', ')}`, state, detail: `${rest.length} more elements` });
}

function boxSvg(x: number, height: number, vpc: VpcNode | undefined, role: string, children: readonly TopologyNode[], none: string): string {
  const state: Observed = vpc?.state ?? 'unobserved';
  const heading = fit(vpc ? `${MARK[state]} ${vpc.label}${state === 'unobserved' ? ' — not observed' : ''}` : `? ${role} — not named by the suites`, 56);
  const where = fit(vpc ? [vpc.id, vpc.account, vpc.region].filter(Boolean).join(' · ') : '', 60);
  const shown = children.length > SHOWN + 1 ? children.slice(0, SHOWN) : children;
  const rows = shown.map((child, index) => nodeSvg(x + 12, 64 + index * ROW, BOX - 24, child));
  if (shown.length < children.length) rows.push(restSvg(x + 12, 64 + shown.length * ROW, BOX - 24, children.slice(shown.length)));
  if (children.length === 0) rows.push(nodeSvg(x + 12, 64, BOX - 24, { id: 'none', label: none, state: 'unobserved', detail: 'no finding judged one' }));
  return `<g class="vpc ${state}" data-state="${state}"><title>${esc(vpc ? `${vpc.label} ${vpc.id}: ${vpc.detail}` : heading)}</title><rect x="${x}" y="10" width="${BOX}" height="${height}" rx="8" fill="#f6f8fa" stroke="${COLOUR[state]}" stroke-width="${state === 'fail' ? 2.5 : 1.5}"${DASH[state]}/>
<text x="${x + 12}" y="32" font-weight="600" fill="${COLOUR[state]}">${esc(heading)}</text><text x="${x + 12}" y="50" fill="#57606a">${esc(where)}</text></g>
${rows.join('\n')}`;
}

/** The inline SVG for one app VPC's path. */
export function topologySvg(topology: Topology): string {
  const rows = Math.max(Math.min(topology.zones.length, SHOWN + 1), Math.min(topology.endpoints.length, SHOWN + 1), 1);
  const boxHeight = 70 + rows * ROW;
  const middle = 10 + Math.round(boxHeight / 2);
  const right = 10 + BOX + GAP;
  const probesY = boxHeight + 24;
  const height = probesY + 34;
  const { link } = topology;
  const centre = 10 + BOX + GAP / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Topology: app VPC, peering, endpoint VPC, live probes" viewBox="0 0 ${right + BOX + 10} ${height}" width="100%">
${boxSvg(10, boxHeight, topology.app, 'app VPC', topology.zones, 'private zones')}
<g class="link ${link.state}" data-state="${link.state}"><title>${esc(`${link.label}: ${link.detail}`)}</title><line x1="${10 + BOX}" y1="${middle}" x2="${right}" y2="${middle}" stroke="${COLOUR[link.state]}" stroke-width="3"${link.state === 'unobserved' ? ' stroke-dasharray="6 5"' : ''}/>
<text x="${centre}" y="${middle - 10}" text-anchor="middle" fill="${COLOUR[link.state]}">${MARK[link.state]} ${esc(link.label)}</text>
<text x="${centre}" y="${middle + 20}" text-anchor="middle" fill="#57606a">${topology.linkKind}</text></g>
${boxSvg(right, boxHeight, topology.endpoint, 'endpoint VPC', topology.endpoints, 'endpoints')}
${nodeSvg(10, probesY, BOX, { ...topology.dns, label: `${topology.dns.label} (${topology.dns.detail})` })}
${nodeSvg(right, probesY, BOX, { ...topology.tls, label: `${topology.tls.label} (${topology.tls.detail})` })}
</svg>`;
}

/** The legend under the diagram. */
export const TOPOLOGY_LEGEND = `<p class="legend"><span class="lg pass">✓ observed, passed</span> <span class="lg fail">✗ observed, failed</span> <span class="lg unobserved">? not observed — no finding saw it, or the observation failed</span></p>`;
