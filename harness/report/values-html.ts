/**
 * Expected and actual values as people read them: key/value lists instead of JSON, and
 * side by side where a finding has both, the keys that differ marked. Bounded in depth,
 * keys and items so one huge value cannot swamp the page; the raw JSON stays under the
 * finding's evidence disclosure.
 */
import { escapeXml as esc } from './escape.ts';

const MAX_DEPTH = 3;
const MAX_KEYS = 24;
const MAX_ITEMS = 16;
const MAX_TEXT = 400;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);

function text(value: string): string {
  return esc(value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value);
}

function scalar(value: unknown): string {
  if (value === undefined || value === null) return '<span class="meta">—</span>';
  if (typeof value === 'string') return value === '' ? '<span class="meta">(empty)</span>' : text(value);
  return `<code>${esc(String(value))}</code>`;
}

/** One value as HTML: scalars inline, short scalar lists joined, objects as `<dl>`, longer lists as `<ul>`. */
export function valueHtml(value: unknown, depth = 0): string {
  if (isScalar(value)) return scalar(value);
  if (depth >= MAX_DEPTH) return `<code>${text(JSON.stringify(value))}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="meta">(none)</span>';
    const more = value.length > MAX_ITEMS ? `<li class="meta">… ${value.length - MAX_ITEMS} more</li>` : '';
    if (value.every(isScalar) && value.length <= MAX_ITEMS) return value.map(scalar).join(', ');
    return `<ul class="kv">${value
      .slice(0, MAX_ITEMS)
      .map((item) => `<li>${valueHtml(item, depth + 1)}</li>`)
      .join('')}${more}</ul>`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined);
  if (entries.length === 0) return '<span class="meta">(empty)</span>';
  const more = entries.length > MAX_KEYS ? `<dt class="meta">…</dt><dd class="meta">${entries.length - MAX_KEYS} more keys</dd>` : '';
  return `<dl class="kv">${entries
    .slice(0, MAX_KEYS)
    .map(([key, member]) => `<dt>${esc(key)}</dt><dd>${valueHtml(member, depth + 1)}</dd>`)
    .join('')}${more}</dl>`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Expected and actual together. Two objects become one table, a row per key, the rows
 * that differ marked; anything else becomes an expected row and an actual row, the
 * actual marked when it differs. Empty when the finding has neither.
 */
export function expectedActualHtml(expected: unknown, actual: unknown): string {
  if (expected === undefined && actual === undefined) return '';
  if (isRecord(expected) && isRecord(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    const rows = keys
      .slice(0, MAX_KEYS)
      .map((key) => {
        const differs = !same(expected[key], actual[key]);
        return `<tr class="${differs ? 'differs' : 'same'}"><th>${esc(key)}</th><td>${valueHtml(expected[key], 1)}</td><td>${valueHtml(actual[key], 1)}</td></tr>`;
      })
      .join('');
    const more = keys.length > MAX_KEYS ? `<tr><td colspan="3" class="meta">… ${keys.length - MAX_KEYS} more keys</td></tr>` : '';
    return `<table class="ea"><tr><th></th><th>expected</th><th>actual</th></tr>${rows}${more}</table>`;
  }
  const differs = expected !== undefined && actual !== undefined && !same(expected, actual);
  const rows = [
    expected !== undefined ? `<tr class="same"><th>expected</th><td>${valueHtml(expected)}</td></tr>` : '',
    actual !== undefined ? `<tr class="${differs ? 'differs' : 'same'}"><th>actual</th><td>${valueHtml(actual)}</td></tr>` : '',
  ].join('');
  return `<table class="ea">${rows}</table>`;
}
