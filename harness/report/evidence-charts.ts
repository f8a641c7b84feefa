/**
 * Bar charts a check asks for in its evidence (`evidence.chart = { kind: 'bar',
 * title, data: { label: count }, highlight: [labels] }`), drawn as inline SVG —
 * for instance where inference ran, calls per Region, the Regions outside the
 * residency set in red. Pure; every label is escaped.
 */
import type { Finding } from '../model/findings.ts';
import { escapeXml as esc } from './escape.ts';

/** A bar chart as a check's evidence carries it. */
export interface BarChart {
  title: string;
  data: Record<string, number>;
  highlight: string[];
}

/** The bar charts in the findings' evidence, in finding order. */
export function barChartsOf(findings: readonly Finding[]): { finding: Finding; chart: BarChart }[] {
  return findings.flatMap((finding) => {
    const chart = (finding.evidence as { chart?: Partial<BarChart> & { kind?: string } } | undefined)?.chart;
    if (chart?.kind !== 'bar' || !chart.data || typeof chart.data !== 'object') return [];
    const data = Object.fromEntries(Object.entries(chart.data).filter(([, count]) => typeof count === 'number' && Number.isFinite(count) && count >= 0));
    return [
      { finding, chart: { title: String(chart.title ?? finding.checkId), data, highlight: Array.isArray(chart.highlight) ? chart.highlight.map(String) : [] } },
    ];
  });
}

const ROW = 22;
const LABEL = 160;
const WIDTH = 640;

/** One horizontal bar chart: a bar per label, highlighted ones in red, the count at the end of each bar. */
export function barChartSvg(chart: BarChart): string {
  const entries = Object.entries(chart.data).sort(([a], [b]) => a.localeCompare(b));
  const most = Math.max(1, ...entries.map(([, count]) => count));
  const span = WIDTH - LABEL - 60;
  const height = 34 + entries.length * ROW;
  const bars = entries
    .map(([label, count], index) => {
      const y = 26 + index * ROW;
      const width = Math.max(1, Math.round((count / most) * span));
      const outside = chart.highlight.includes(label);
      return `<g class="bar${outside ? ' outside' : ''}"><text x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${esc(label)}</text>
<rect x="${LABEL}" y="${y + 2}" width="${width}" height="${ROW - 6}" fill="${outside ? '#cf222e' : '#1a7f37'}"/>
<text x="${LABEL + width + 6}" y="${y + 14}" fill="#57606a">${count}</text></g>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(chart.title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px">
<text x="0" y="16" font-weight="600">${esc(chart.title)}</text>
${bars}
</svg>`;
}
