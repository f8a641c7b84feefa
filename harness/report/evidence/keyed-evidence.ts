/**
 * Findings in an evidence pack reference their evidence instead of embedding it:
 * evidence equal to an observation the pack already holds becomes
 * `{ "$observation": "<key>" }`, and evidence repeated across findings (the same
 * endpoint judged by every suite instance, the same hop on many paths) is stored
 * once in `evidence.json` and referenced as `{ "$evidence": "<key>" }` (its SHA-256, shortened). The
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
  // As JSON.stringify writes them: an undefined array item is null (a finding's text must match what --out holds).
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
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
  /** Hex digits of a short key (tests lower it to force collisions). */
  keyDigits = 16,
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
  // A key is the first 16 hex digits of the value's SHA-256 (references repeat thousands of
  // times); a value whose short key another value already holds keeps the whole digest.
  const keyFor = new Map<string, string>();
  const keyOf = (text: string): string => {
    const known = keyFor.get(text);
    if (known) return known;
    const hash = createHash('sha256').update(text).digest('hex');
    const key = hash.slice(0, keyDigits) in table ? hash : hash.slice(0, keyDigits);
    keyFor.set(text, key);
    return key;
  };
  const reference = (value: Json): Json => {
    if (!value || typeof value !== 'object' || isReference(value)) return value;
    const text = canonicalJson(value);
    if (text.length < MIN_SHARED_BYTES) return value;
    const key = byData.get(text);
    if (key) return { $observation: key };
    if ((counts.get(text) ?? 0) > 1) {
      const key = keyOf(text);
      table[key] = value;
      return { $evidence: key };
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

/** A finding identical to an earlier one of the same results, by its index. */
export interface RepeatedFinding {
  $same: number;
}

const isRepeat = (value: unknown): value is RepeatedFinding =>
  Boolean(value && typeof value === 'object' && Object.keys(value).length === 1 && Number.isInteger((value as RepeatedFinding).$same));

/**
 * Findings with every repeat of an earlier identical finding (every field equal: the same
 * endpoint judged alike by each of twenty suite instances) written as `{ "$same": <index> }`.
 * results.json keeps one finding per instance for replay, drift and merge; the pack need not
 * spell each out.
 */
export function referenceRepeats(findings: readonly Finding[]): (Finding | RepeatedFinding)[] {
  const first = new Map<string, number>();
  return findings.map((finding, index) => {
    const text = canonicalJson(finding);
    const earlier = first.get(text);
    if (earlier !== undefined) return { $same: earlier };
    first.set(text, index);
    return finding;
  });
}

/**
 * Restores repeated findings; a reference to anything but an earlier finding is an error naming
 * it. A repeat is the earlier finding itself, not a copy (readers never change findings), so a
 * pack of a million references to one large finding costs a million references, not a million copies.
 */
export function expandRepeats(findings: readonly unknown[]): unknown[] {
  const expanded: unknown[] = [];
  findings.forEach((finding, index) => {
    if (!isRepeat(finding)) return void expanded.push(finding);
    if (finding.$same < 0 || finding.$same >= index || isRepeat(findings[finding.$same]))
      throw new Error(`findings[${index}] repeats findings[${finding.$same}], which is not an earlier finding`);
    expanded.push(expanded[finding.$same]);
  });
  return expanded;
}
