/** Evidence referenced by observation key or shared once expands back to exactly what was written. */
import { expect, test } from 'vitest';
import type { Finding } from '../../model/findings.ts';
import { expandEvidence, expandRepeats, keyEvidence, referenceRepeats } from './keyed-evidence.ts';

const transcript = {
  address: '10.1.0.5:443',
  hostname: 'bedrock-runtime.ap-southeast-2.amazonaws.com',
  stage: 'done',
  protocol: 'TLSv1.3',
  padding: 'x'.repeat(80),
};
const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }], note: 'y'.repeat(60) };
const hop = { hop: 'route', status: 'ok', detail: 'rtb-0abc: 10.1.0.0/16 → pcx-0def (active peering) '.repeat(2) };
const observations = { 'probe.tls@222222222222/ap-southeast-2#address=10.1.0.5:443': { ok: true as const, data: transcript } };
const finding = (id: string, evidence: unknown): Finding => ({ checkId: 'c', status: 'pass', resource: { type: 't', id }, message: 'm', evidence });

test('evidence equal to an observation becomes its key; repeated evidence is stored once; unique evidence stays; expansion restores all', () => {
  const findings = [
    finding('a', transcript),
    finding('b', { policy, cases: [1, 2] }),
    finding('c', { policy, cases: [3] }),
    finding('d', { hops: [hop], tail: 'unique' }),
    finding('e', { small: 1 }),
    finding('f', undefined),
  ];
  const keyed = keyEvidence(findings, observations);
  expect(keyed.findings[0]!.evidence).toEqual({ $observation: Object.keys(observations)[0] });
  expect((keyed.findings[1]!.evidence as { policy: unknown }).policy).toEqual({ $evidence: expect.stringMatching(/^[0-9a-f]{16}$/) });
  expect(Object.keys(keyed.table)).toHaveLength(1);
  expect(keyed.findings[3]!.evidence).toEqual({ hops: [hop], tail: 'unique' });
  expect(expandEvidence(keyed.findings, observations, keyed.table)).toEqual(findings);
  expect(JSON.stringify(keyed.findings).length).toBeLessThan(JSON.stringify(findings).length);
});

test('a reference to evidence the pack does not hold is an error naming it', () => {
  expect(() => expandEvidence([finding('a', { $evidence: 'ab'.repeat(32) })], {}, {})).toThrow(/references abab/);
  expect(() => expandEvidence([finding('a', { $observation: 'probe.dns@x' })], {}, {})).toThrow(/observation probe.dns@x/);
});

test('short keys that collide fall back to the whole digest, and every reference still expands to its own evidence', () => {
  // One hex digit: 40 distinct repeated values must share 16 short keys.
  const findings = Array.from({ length: 40 }, (_, index) => [index, index]).flatMap(([value]) => [
    finding(`a${value}`, { shared: { value, text: 'z'.repeat(100) } }),
    finding(`b${value}`, { shared: { value, text: 'z'.repeat(100) } }),
  ]);
  const keyed = keyEvidence(findings, {}, 1);
  const keys = Object.keys(keyed.table);
  expect(keys).toHaveLength(40);
  expect(keys.some((key) => key.length === 64)).toBe(true);
  expect(expandEvidence(keyed.findings, {}, keyed.table)).toEqual(findings);
});

test('a finding identical to an earlier one is written as a reference and restored as itself', () => {
  const same = finding('a', { hops: [hop] });
  const findings = [same, finding('b', undefined), structuredClone(same), { ...same, status: 'fail' as const }];
  const packed = referenceRepeats(findings);
  expect(packed[2]).toEqual({ $same: 0 });
  expect(packed[3]).toEqual(findings[3]);
  expect(expandRepeats(packed)).toEqual(findings);
  // An undefined array item is written as null, so it is not the same finding as an empty list.
  const holey = [finding('h', { items: [undefined] }), finding('h', { items: [] })];
  expect(referenceRepeats(holey)[1]).toEqual(holey[1]);
  for (const bad of [[{ $same: 0 }], [same, { $same: 1 }], [same, { $same: -1 }]]) expect(() => expandRepeats(bad)).toThrow(/is not an earlier finding/);
});
