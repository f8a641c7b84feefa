/**
 * Inline SVG for the latency section of report.html: a CDF of end-to-end
 * latency per profile, and a box plot of time to first token per profile,
 * drawn from the latency findings' evidence (so a replayed pack draws the same).
 */
import type { Finding } from '../model/findings.ts';
import { quantile } from '../stats/latency-stats.ts';
import { escapeXml as esc } from './escape.ts';

const COLOURS = ['#0969da', '#bc4c00', '#1a7f37', '#8250df'];
const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 50, right: 20, top: 20, bottom: 40 };

interface Series {
  label: string;
  latencyMs: number[];
  ttftMs: number[];
}

/** The profiles' samples from latency.profile-baseline findings. */
export function latencySeries(findings: readonly Finding[]): Series[] {
  return findings
    .filter((finding) => finding.checkId === 'latency.profile-baseline' && (finding.evidence as { latencyMs?: number[] } | undefined)?.latencyMs?.length)
    .map((finding) => {
      const evidence = finding.evidence as { latencyMs: number[]; ttftMs?: number[] };
      return { label: finding.resource.id, latencyMs: evidence.latencyMs, ttftMs: evidence.ttftMs ?? [] };
    });
}

/** An x axis over [min, max] of the data, with round ticks, drawn at height `axisY`. */
function axis(values: readonly number[], unit: string, axisY: number): { scale: (value: number) => number; ticks: string } {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = Math.max(high - low, 1);
  const min = Math.max(0, low - span * 0.1);
  const max = high + span * 0.1;
  const step = 10 ** Math.floor(Math.log10((max - min) / 4 || 1));
  const tickStep = [1, 2, 5, 10].map((factor) => factor * step).find((candidate) => (max - min) / candidate <= 6) ?? step * 10;
  const scale = (value: number) => MARGIN.left + ((value - min) / (max - min)) * plotWidth;
  let ticks = '';
  for (let value = Math.ceil(min / tickStep) * tickStep; value <= max + 1e-9; value += tickStep) {
    ticks += `<line x1="${scale(value)}" y1="${axisY}" x2="${scale(value)}" y2="${axisY + 4}" stroke="#57606a"/><text x="${scale(value)}" y="${axisY + 16}" text-anchor="middle" fill="#57606a">${Math.round(value * 10) / 10}</text>`;
  }
  ticks += `<text x="${MARGIN.left + plotWidth / 2}" y="${axisY + MARGIN.bottom - 6}" text-anchor="middle" fill="#57606a">${esc(unit)}</text>`;
  return { scale, ticks };
}

/** End-to-end latency CDFs, one line per profile; the legend sits lower right, which a CDF leaves empty. */
export function latencyCdfSvg(series: readonly Series[]): string {
  const { scale, ticks } = axis(
    series.flatMap((entry) => entry.latencyMs),
    'end-to-end latency (ms)',
    HEIGHT - MARGIN.bottom,
  );
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (fraction: number) => MARGIN.top + (1 - fraction) * plotHeight;
  const lines = series
    .map((entry, index) => {
      const sorted = [...entry.latencyMs].sort((a, b) => a - b);
      const points = sorted.flatMap((value, rank) => [
        `${scale(value).toFixed(1)},${y(rank / sorted.length).toFixed(1)}`,
        `${scale(value).toFixed(1)},${y((rank + 1) / sorted.length).toFixed(1)}`,
      ]);
      const colour = COLOURS[index % COLOURS.length];
      return `<polyline class="cdf" fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/><text x="${WIDTH - MARGIN.right}" y="${y(0.3) + index * 16}" text-anchor="end" fill="${colour}">${esc(entry.label)} (n=${sorted.length})</text>`;
    })
    .join('');
  const yTicks = [0, 0.5, 0.9, 1]
    .map(
      (fraction) =>
        `<text x="${MARGIN.left - 6}" y="${y(fraction) + 4}" text-anchor="end" fill="#57606a">${fraction}</text><line x1="${MARGIN.left}" y1="${y(fraction)}" x2="${WIDTH - MARGIN.right}" y2="${y(fraction)}" stroke="#eaeef2"/>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Latency CDF per profile" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" style="max-width:${WIDTH}px">${yTicks}<line x1="${MARGIN.left}" y1="${HEIGHT - MARGIN.bottom}" x2="${WIDTH - MARGIN.right}" y2="${HEIGHT - MARGIN.bottom}" stroke="#57606a"/>${ticks}${lines}</svg>`;
}

/** Time-to-first-token box plots (whiskers at p5 and p95), one box per profile. */
export function ttftBoxSvg(series: readonly Series[]): string {
  const withTtft = series.filter((entry) => entry.ttftMs.length > 0);
  if (withTtft.length === 0) return '';
  const rowHeight = 44;
  const height = MARGIN.top + withTtft.length * rowHeight + MARGIN.bottom;
  const axisY = height - MARGIN.bottom;
  const { scale, ticks } = axis(
    withTtft.flatMap((entry) => entry.ttftMs),
    'time to first token (ms)',
    axisY,
  );
  const boxes = withTtft
    .map((entry, index) => {
      const sorted = [...entry.ttftMs].sort((a, b) => a - b);
      const [p5, q1, q2, q3, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => scale(quantile(sorted, q)));
      const top = MARGIN.top + index * rowHeight;
      const middle = top + 14;
      const colour = COLOURS[index % COLOURS.length];
      return `<g class="box"><line x1="${p5}" y1="${middle}" x2="${p95}" y2="${middle}" stroke="${colour}"/><rect x="${q1}" y="${top + 4}" width="${Math.max(q3! - q1!, 1)}" height="20" fill="#fff" stroke="${colour}" stroke-width="2"/><line x1="${q2}" y1="${top + 4}" x2="${q2}" y2="${top + 24}" stroke="${colour}" stroke-width="3"/><text x="${MARGIN.left}" y="${top + 38}" fill="${colour}">${esc(entry.label)}</text></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Time to first token per profile" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px">${boxes}<line x1="${MARGIN.left}" y1="${axisY}" x2="${WIDTH - MARGIN.right}" y2="${axisY}" stroke="#57606a"/>${ticks}</svg>`;
}
