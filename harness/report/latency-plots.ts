/**
 * Inline SVG for the latency section of report.html: a CDF of end-to-end latency per
 * profile, and a box plot of time to first token per profile, drawn from the latency
 * findings' evidence (so a replayed pack draws the same). Both plots share one x scale
 * from zero — time to first token is part of the end-to-end time, so the two read against
 * each other — with titled axes, units, round ticks spaced apart, and legends outside the
 * plotted area.
 */
import type { Finding } from '../model/findings.ts';
import { quantile } from '../stats/latency-stats.ts';
import { escapeXml as esc } from './escape.ts';

const COLOURS = ['#0969da', '#bc4c00', '#1a7f37', '#8250df'];
const WIDTH = 680;
const MARGIN = { left: 64, right: 24, top: 34, bottom: 48 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
/** Tick labels closer than this (px) would touch; fewer ticks are drawn instead. */
const MIN_TICK_GAP = 56;

export interface Series {
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

/** A shared x scale from 0 to a round maximum, and its tick values. */
export interface Scale {
  max: number;
  ticks: number[];
  x: (value: number) => number;
}

/** The scale both plots use: 0 to a round number above every sample, ticks at 1, 2 or 5 × 10^k, never closer than MIN_TICK_GAP. */
export function latencyScale(series: readonly Series[]): Scale {
  const values = series.flatMap((entry) => [...entry.latencyMs, ...entry.ttftMs]).filter((value) => Number.isFinite(value) && value >= 0);
  const high = values.reduce((most, value) => Math.max(most, value), 1);
  const most = Math.max(2, Math.floor(PLOT_WIDTH / MIN_TICK_GAP));
  const magnitude = 10 ** Math.floor(Math.log10(high));
  const step = [0.1, 0.2, 0.5, 1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => Math.ceil(high / candidate) <= most) ?? magnitude * 10;
  const max = Math.ceil(high / step) * step;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, index) => Math.round(index * step * 1000) / 1000);
  return { max, ticks, x: (value: number) => MARGIN.left + (Math.max(0, value) / max) * PLOT_WIDTH };
}

const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The x axis line, ticks, labels and title at `y`. */
function xAxis(scale: Scale, y: number, title: string): string {
  const ticks = scale.ticks
    .map(
      (value) =>
        `<line x1="${scale.x(value)}" y1="${y}" x2="${scale.x(value)}" y2="${y + 5}" stroke="#57606a"/><text class="tick" x="${scale.x(value)}" y="${y + 18}" text-anchor="middle" fill="#57606a">${number(value)}</text>`,
    )
    .join('');
  return `<line x1="${MARGIN.left}" y1="${y}" x2="${WIDTH - MARGIN.right}" y2="${y}" stroke="#57606a"/>${ticks}<text class="axis-title" x="${MARGIN.left + PLOT_WIDTH / 2}" y="${y + 38}" text-anchor="middle" fill="#24292f">${esc(title)}</text>`;
}

function title(text: string): string {
  return `<text class="plot-title" x="${MARGIN.left}" y="18" font-weight="600" fill="#24292f">${esc(text)}</text>`;
}

/** One legend line per profile, under the plot (never over the lines). */
function legend(series: readonly Series[], y: number, count: (entry: Series) => number): string {
  return series
    .map((entry, index) => {
      const colour = COLOURS[index % COLOURS.length];
      const top = y + index * 18;
      return `<line x1="${MARGIN.left}" y1="${top - 4}" x2="${MARGIN.left + 18}" y2="${top - 4}" stroke="${colour}" stroke-width="3"/><text x="${MARGIN.left + 24}" y="${top}" fill="${colour}">${esc(entry.label)} (n=${count(entry)})</text>`;
    })
    .join('');
}

/** End-to-end latency CDFs, one line per profile, on the shared scale. */
export function latencyCdfSvg(series: readonly Series[], scale: Scale = latencyScale(series)): string {
  const plotHeight = 200;
  const axisY = MARGIN.top + plotHeight;
  const legendY = axisY + MARGIN.bottom + 14;
  const height = legendY + series.length * 18;
  const y = (fraction: number) => MARGIN.top + (1 - fraction) * plotHeight;
  const lines = series
    .map((entry, index) => {
      const sorted = [...entry.latencyMs].sort((a, b) => a - b);
      const points = sorted.flatMap((value, rank) => [
        `${scale.x(value).toFixed(1)},${y(rank / sorted.length).toFixed(1)}`,
        `${scale.x(value).toFixed(1)},${y((rank + 1) / sorted.length).toFixed(1)}`,
      ]);
      return `<polyline class="cdf" fill="none" stroke="${COLOURS[index % COLOURS.length]}" stroke-width="2" points="${points.join(' ')}"/>`;
    })
    .join('');
  const yTicks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (fraction) =>
        `<line x1="${MARGIN.left}" y1="${y(fraction)}" x2="${WIDTH - MARGIN.right}" y2="${y(fraction)}" stroke="#eaeef2"/><text class="tick" x="${MARGIN.left - 8}" y="${y(fraction) + 4}" text-anchor="end" fill="#57606a">${fraction * 100}%</text>`,
    )
    .join('');
  // p90 is what latency budgets are written against: a guide line, labelled inside the plot so it never meets the 100% tick.
  const p90 = `<line x1="${MARGIN.left}" y1="${y(0.9)}" x2="${WIDTH - MARGIN.right}" y2="${y(0.9)}" stroke="#8c959f" stroke-dasharray="4 3"/><text x="${WIDTH - MARGIN.right - 4}" y="${y(0.9) + 14}" text-anchor="end" fill="#57606a">p90</text>`;
  const yTitle = `<text class="axis-title" transform="translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#24292f">calls at or below</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="End-to-end latency per profile, cumulative" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px">${title('End-to-end latency per profile (cumulative share of calls)')}${yTicks}${p90}${yTitle}${xAxis(scale, axisY, 'end-to-end latency (ms)')}${lines}${legend(series, legendY, (entry) => entry.latencyMs.length)}</svg>`;
}

/** Time-to-first-token box plots (box: quartiles; bar: median; whiskers: p5–p95), one row per profile, on the shared scale. */
export function ttftBoxSvg(series: readonly Series[], scale: Scale = latencyScale(series)): string {
  const withTtft = series.filter((entry) => entry.ttftMs.length > 0);
  if (withTtft.length === 0) return '';
  const rowHeight = 46;
  const axisY = MARGIN.top + withTtft.length * rowHeight;
  const height = axisY + MARGIN.bottom;
  const boxes = withTtft
    .map((entry, index) => {
      const sorted = [...entry.ttftMs].sort((a, b) => a - b);
      const [p5, q1, q2, q3, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => scale.x(quantile(sorted, q)));
      const top = MARGIN.top + index * rowHeight + 16;
      const middle = top + 10;
      const colour = COLOURS[series.indexOf(entry) % COLOURS.length];
      return `<g class="box"><text x="${MARGIN.left}" y="${top - 4}" fill="${colour}">${esc(entry.label)} (n=${sorted.length})</text><line x1="${p5}" y1="${middle}" x2="${p95}" y2="${middle}" stroke="${colour}"/><line x1="${p5}" y1="${top + 4}" x2="${p5}" y2="${top + 16}" stroke="${colour}"/><line x1="${p95}" y1="${top + 4}" x2="${p95}" y2="${top + 16}" stroke="${colour}"/><rect x="${q1}" y="${top}" width="${Math.max(q3! - q1!, 1)}" height="20" fill="#fff" stroke="${colour}" stroke-width="2"/><line x1="${q2}" y1="${top}" x2="${q2}" y2="${top + 20}" stroke="${colour}" stroke-width="3"/></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Time to first token per profile" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="max-width:${WIDTH}px">${title('Time to first token per profile (box: quartiles, bar: median, whiskers: p5–p95)')}${xAxis(scale, axisY, 'time to first token (ms)')}${boxes}</svg>`;
}
