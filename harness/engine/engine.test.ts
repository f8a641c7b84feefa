/** The engine's guarantees, independent of any real check: no vacuous pass, failures of observation become findings, derived rounds. */
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { defineCheck, type AnyCheck } from '../checks/define.ts';
import { Observations, type ObservationRequest } from '../model/observations.ts';
import type { CheckInstance } from '../suite/loader.ts';
import { evaluateInstance, planProbes } from './engine.ts';

const instanceOf = (check: AnyCheck): CheckInstance => ({ check, params: {}, guard: false, suite: 'engine-test', location: { file: 'engine-test.yaml' } });
const vpcs: ObservationRequest<'ec2.vpcs'> = { kind: 'ec2.vpcs', account: '111111111111', region: 'ap-southeast-2' };

describe('evaluateInstance', () => {
  test('a check that returns no finding is reported as an error, never as a silent pass', () => {
    const silent = defineCheck({
      id: 'test.silent',
      title: 'Says nothing',
      severity: 'info',
      rationale: 'r',
      remediation: 'r',
      params: z.object({}),
      needs: () => [],
      evaluate: () => [],
    });
    const findings = evaluateInstance(instanceOf(silent), new Observations(), { targetKind: 'aws' });
    expect(findings).toEqual([
      expect.objectContaining({ checkId: 'test.silent', status: 'error', message: expect.stringMatching(/^Nothing in scope to judge: test\.silent/) }),
    ]);
  });

  test('a missing observation becomes a finding naming the observation, account and Region', () => {
    const reader = defineCheck({
      id: 'test.reader',
      title: 'Reads VPCs',
      severity: 'info',
      rationale: 'r',
      remediation: 'r',
      params: z.object({}),
      needs: () => [vpcs],
      evaluate: (observations) => observations.get(vpcs).map(() => ({ status: 'pass' as const, resource: { type: 't', id: 't' }, message: 'ok' })),
    });
    const observations = new Observations();
    observations.set(vpcs, { ok: false, failure: { status: 'error', reason: 'access denied to ec2:DescribeVpcs' } });
    expect(evaluateInstance(instanceOf(reader), observations, { targetKind: 'aws' })).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'ec2.vpcs', account: '111111111111', region: 'ap-southeast-2' }) }),
    ]);
  });
});

describe('planProbes', () => {
  test('derives what it can from each round; a chain resolves over several rounds', () => {
    const subnets: ObservationRequest<'ec2.subnets'> = { kind: 'ec2.subnets', account: '111111111111', region: 'ap-southeast-2' };
    const chained = defineCheck({
      id: 'test.chained',
      title: 'Chained',
      severity: 'info',
      rationale: 'r',
      remediation: 'r',
      params: z.object({}),
      needs: () => [vpcs],
      probes: (_params, observations) => (observations.get(vpcs).length > 0 ? [subnets] : []),
      evaluate: () => [],
    });
    const store = new Observations();
    expect(planProbes([instanceOf(chained)], { targetKind: 'aws' } as never, store)).toEqual([]);
    store.set(vpcs, { ok: true, data: [{ VpcId: 'vpc-1' }] });
    expect(planProbes([instanceOf(chained)], { targetKind: 'aws' } as never, store)).toEqual([subnets]);
  });
});
