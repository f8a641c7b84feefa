/** Parsing --shard and merging shard results: the checks on which shards make one run. */
import { describe, expect, test } from 'vitest';
import { summarise } from '../model/findings.ts';
import type { Results } from '../model/results.ts';
import { mergeResults, parseShard } from './shard.ts';

/** The results of shard `index` of `count`, holding one passing finding. */
function shardResults(index: number, count: number): Results {
  const findings = [
    { checkId: 'network.peering-active', status: 'pass' as const, resource: { type: 'AWS::EC2::VPCPeeringConnection', id: `pcx-${index}` }, message: 'ok' },
  ];
  return {
    crispVersion: 'test',
    summary: summarise(findings),
    target: { kind: 'moto', label: 'moto', identities: [] },
    suites: [],
    startedAt: `2026-11-21T00:00:${String(index).padStart(2, '0')}.000Z`,
    durationMs: index,
    apiCalls: [],
    checks: [],
    findings,
    shard: { index, count },
  };
}

describe('shards', () => {
  test('--shard takes i/n with 1 <= i <= n <= 1000', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1000/1000')).toEqual({ index: 1000, count: 1000 });
    for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '-1/4', '1/1001']) expect(() => parseShard(bad)).toThrow(/--shard must be i\/n/);
  });

  test('twelve shards merge in shard order, whatever order the folders are given in', () => {
    const parts = Array.from({ length: 12 }, (_, index) => shardResults(index + 1, 12)).reverse();
    const merged = mergeResults(parts);
    expect(merged.mergedShards).toBe(12);
    expect(merged.findings.map((finding) => finding.resource.id)).toEqual(Array.from({ length: 12 }, (_, index) => `pcx-${index + 1}`));
    expect(merged.summary.pass).toBe(12);
  });

  test('a missing or repeated shard is refused', () => {
    const parts = Array.from({ length: 12 }, (_, index) => shardResults(index + 1, 12));
    expect(() => mergeResults(parts.slice(1))).toThrow(/merge needs each of 1\.\.12 exactly once/);
    expect(() => mergeResults([...parts.slice(1), parts[1]!])).toThrow(/merge needs each of 1\.\.12 exactly once/);
  });

  test("every shard's retries and suite attribution survive the merge", () => {
    const suite = (vpc: string) => ({ name: 'conn', file: 'suites/conn.yaml', sha256: 'x', vars: { app_vpc_id: vpc } });
    const call = { service: 'EC2', operation: 'DescribeVpcs', account: '111111111111', region: 'ap-southeast-2' };
    const throttled = (attempt: number) => ({ attempt, error: 'RequestLimitExceeded', httpStatus: 503, delayMs: 10 });
    const one = {
      ...shardResults(1, 2),
      suites: [suite('vpc-a'), suite('vpc-b')],
      findingSuites: [1],
      apiCalls: [{ ...call, count: 2, retries: [throttled(1)] }],
    };
    const two = { ...shardResults(2, 2), suites: [suite('vpc-b')], findingSuites: [0], apiCalls: [{ ...call, count: 1, retries: [throttled(2)] }] };
    const merged = mergeResults([two, one]);
    expect(merged.apiCalls).toEqual([{ ...call, count: 3, retries: [throttled(1), throttled(2)] }]);
    expect(merged.suites.map((entry) => entry.vars.app_vpc_id)).toEqual(['vpc-a', 'vpc-b']);
    // Both findings came from vpc-b's instance, whichever shard ran them.
    expect(merged.findingSuites).toEqual([1, 1]);
    // A shard without attribution (an older crisp) leaves the merge without it, rather than wrong.
    const { findingSuites: _dropped, ...bare } = two;
    expect(mergeResults([bare, one]).findingSuites).toBeUndefined();
  });
});
