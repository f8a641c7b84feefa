/** Evidence referenced by observation key or shared once expands back to exactly what was written. */
import { expect, test } from 'vitest';
import type { Finding } from '../../model/findings.ts';
import { expandEvidence, keyEvidence } from './keyed-evidence.ts';

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
  expect((keyed.findings[1]!.evidence as { policy: unknown }).policy).toEqual({ $evidence: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(Object.keys(keyed.table)).toHaveLength(1);
  expect(keyed.findings[3]!.evidence).toEqual({ hops: [hop], tail: 'unique' });
  expect(expandEvidence(keyed.findings, observations, keyed.table)).toEqual(findings);
  expect(JSON.stringify(keyed.findings).length).toBeLessThan(JSON.stringify(findings).length);
});

test('a reference to evidence the pack does not hold is an error naming it', () => {
  expect(() => expandEvidence([finding('a', { $evidence: 'ab'.repeat(32) })], {}, {})).toThrow(/references abab/);
  expect(() => expandEvidence([finding('a', { $observation: 'probe.dns@x' })], {}, {})).toThrow(/observation probe.dns@x/);
});
