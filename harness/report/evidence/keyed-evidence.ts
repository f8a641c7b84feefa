/**
 * Findings in an evidence pack reference their evidence instead of embedding it:
 * evidence equal to an observation the pack already holds becomes
 * `{ "$observation": "<key>" }`, and evidence repeated across findings (the same
 * endpoint judged by every suite instance, the same hop on many paths) is stored
 * once in `evidence.json` and referenced as `{ "$evidence": "<sha256>" }`. The
 * expansion restores exactly the findings that were written, so replay compares
 * like with like. Pure.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../../model/findings.ts';
import type { ObservationOutcome } from '../../model/observations.ts';

/** Evidence values smaller than this stay inline: a reference would not be smaller. */
const MIN_SHARED_BYTES = 96;

type Json = unknown;

/** JSON with sorted keys: equal values give equal text, so they hash and match alike. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, Json>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, Json>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const isReference = (value: Json): value is { $observation: string } | { $evidence: string } =>
  Boolean(value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && ('$observation' in value || '$evidence' in value));

/** Findings with their evidence referenced, and the table of shared evidence. */
export function keyEvidence(
  findings: readonly Finding[],
  observations: Readonly<Record<string, ObservationOutcome>>,
): { findings: Finding[]; table: Record<string, Json> } {
  const byData = new Map<string, string>();
  for (const [key, outcome] of Object.entries(observations)) if (outcome.ok) byData.set(canonicalJson(outcome.data), key);
  // Count every evidence value (the whole evidence, and each member of it) to know what repeats.
  const counts = new Map<string, number>();
  const candidates = (evidence: Json): Json[] =>
    evidence && typeof evidence === 'object' ? [evidence, ...(Array.isArray(evidence) ? evidence : Object.values(evidence))] : [];
  for (const finding of findings) {
    for (const value of candidates(finding.evidence)) {
      if (!value || typeof value !== 'object') continue;
      const text = canonicalJson(value);
      if (text.length >= MIN_SHARED_BYTES) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  const table: Record<string, Json> = {};
  const reference = (value: Json): Json => {
    if (!value || typeof value !== 'object' || isReference(value)) return value;
    const text = canonicalJson(value);
    if (text.length < MIN_SHARED_BYTES) return value;
    const key = byData.get(text);
    if (key) return { $observation: key };
    if ((counts.get(text) ?? 0) > 1) {
      const hash = createHash('sha256').update(text).digest('hex');
      table[hash] = value;
      return { $evidence: hash };
    }
    return undefined;
  };
  const keyed = findings.map((finding) => {
    if (finding.evidence === undefined) return finding;
    const whole = reference(finding.evidence);
    if (whole !== undefined) return { ...finding, evidence: whole };
    // Unique as a whole: share its repeated members instead (hops, cases, policies).
    const evidence = finding.evidence;
    const members = Array.isArray(evidence)
      ? evidence.map((member) => reference(member) ?? member)
      : Object.fromEntries(Object.entries(evidence as Record<string, Json>).map(([name, member]) => [name, reference(member) ?? member]));
    return { ...finding, evidence: members };
  });
  return { findings: keyed, table };
}

/** Restores the findings' evidence from the observations and the table; an unknown reference is an error naming it. */
export function expandEvidence(
  findings: readonly Finding[],
  observations: Readonly<Record<string, ObservationOutcome>>,
  table: Readonly<Record<string, Json>>,
): Finding[] {
  const resolve = (value: Json): Json => {
    if (!isReference(value)) return value;
    if ('$observation' in value) {
      const outcome = observations[value.$observation];
      if (!outcome?.ok) throw new Error(`evidence references observation ${value.$observation}, which the pack does not hold`);
      return outcome.data;
    }
    if (!(value.$evidence in table)) throw new Error(`evidence references ${value.$evidence}, which evidence.json does not hold`);
    return table[value.$evidence];
  };
  return findings.map((finding) => {
    if (finding.evidence === undefined) return finding;
    if (isReference(finding.evidence)) return { ...finding, evidence: resolve(finding.evidence) };
    const evidence = finding.evidence;
    const expanded = Array.isArray(evidence)
      ? evidence.map(resolve)
      : evidence && typeof evidence === 'object'
        ? Object.fromEntries(Object.entries(evidence as Record<string, Json>).map(([name, member]) => [name, resolve(member)]))
        : evidence;
    return { ...finding, evidence: expanded };
  });
}
