/**
 * The connectivity suite on the lab at 1× and at 20× (20 app VPCs peered to one
 * hub, 80 endpoints, 80 zones), on the reference shape and on a shape whose zones
 * belong to the endpoint account and whose endpoint security group admits a
 * prefix list (so the derived reads — zone VPC lists, records of another owner,
 * prefix-list entries — are counted too); and the residency suite at 1× and 20×
 * (20 suite instances sharing one observation store). Prints AWS API calls per
 * operation against the minimum needed and the wall time, with 20× as a ratio of
 * the 1× baseline measured in the same process.
 *
 *   npm run bench            (node bench/api-calls.bench.ts [--runs N])
 */
import { parseArgs } from 'node:util';
import type { ApiCallCount } from '../harness/model/call-log.ts';
import { startMotoServer } from '../harness/estate/moto-server.ts';
import { CONNECTIVITY_SUITE, RESIDENCY_SUITE, runLabScenario } from '../test/support/lab-scenario.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);

/**
 * The fewest calls that can observe the estate (probes make no AWS calls): one listing per EC2 operation
 * per (account, Region) it is needed in, two DescribeVpcAttribute per VPC (no
 * listing returns DNS attributes), one STS identity per account, one
 * ListHostedZones per account that may own zones, one ListHostedZonesByVPC and one
 * ListProfileAssociations per app VPC, one listing each of Resolver rules and
 * their associations per (account, Region), one ListResourceRecordSets per
 * service zone (Route 53 has no batch read) asked of its owner, one GetHostedZone
 * per candidate zone of another account (its VPC list is the only way to see the
 * association), and one GetManagedPrefixListEntries per list a rule names. At
 * this size every listing fits in one page.
 */
function minimumCalls(scale: number, shapes: readonly string[]): Map<string, number> {
  const app = '111111111111|ap-southeast-6';
  const hub = '222222222222|ap-southeast-2';
  const route53 = '111111111111|us-east-1';
  const hubRoute53 = '222222222222|us-east-1';
  const hubZones = shapes.includes('endpoint-account-zones');
  const rows: [string, string, number][] = [
    ['ec2', `DescribeVpcs|${app}`, 1],
    ['ec2', `DescribeVpcs|${hub}`, 1],
    ['ec2', `DescribeSubnets|${app}`, 1],
    ['ec2', `DescribeSubnets|${hub}`, 1],
    ['ec2', `DescribeRouteTables|${app}`, 1],
    ['ec2', `DescribeRouteTables|${hub}`, 1],
    ['ec2', `DescribeNetworkAcls|${app}`, 1],
    ['ec2', `DescribeNetworkAcls|${hub}`, 1],
    ['ec2', `DescribeVpcPeeringConnections|${app}`, 1],
    ['ec2', `DescribeVpcEndpoints|${hub}`, 1],
    ['ec2', `DescribeSecurityGroups|${hub}`, 1],
    ['ec2', `DescribeNetworkInterfaces|${hub}`, 1],
    ['ec2', `DescribeVpcAttribute|${app}`, 2 * scale],
    ['ec2', `DescribeVpcAttribute|${hub}`, 2],
    ['sts', `GetCallerIdentity|${app}`, 1],
    ['sts', `GetCallerIdentity|${hub}`, 1],
    ['route53', `ListHostedZones|${route53}`, 1],
    ['route53', `ListHostedZones|${hubRoute53}`, 1],
    ['route53', `ListHostedZonesByVPC|${route53}`, scale],
    ['route53', `ListResourceRecordSets|${hubZones ? hubRoute53 : route53}`, 4 * scale],
    ...(hubZones ? [['route53', `GetHostedZone|${hubRoute53}`, 4 * scale] as [string, string, number]] : []),
    ...(shapes.includes('prefix-list-sg') ? [['ec2', `GetManagedPrefixListEntries|${hub}`, 1] as [string, string, number]] : []),
    ['route53resolver', `ListResolverRules|${app}`, 1],
    ['route53resolver', `ListResolverRuleAssociations|${app}`, 1],
    ['route53profiles', `ListProfileAssociations|${app}`, scale],
  ];
  return new Map(rows.map(([service, key, count]) => [`${service}|${key}`, count]));
}

/**
 * The fewest calls that observe the residency estate of `account` in `region`, whatever the
 * number of suite instances: one identity, one DescribeTrails, GetTrailStatus and
 * GetEventSelectors per trail (one), one LookupEvents page, one GetInferenceProfile per
 * profile (one), one logging configuration, one DescribeLogGroups for its group, and one
 * GetBucketLocation per bucket (the trail's and the invocation logs').
 */
function minimumResidencyCalls(account: string, region: string): Map<string, number> {
  const at = `${account}|${region}`;
  const rows: [string, number][] = [
    [`sts|GetCallerIdentity|${at}`, 1],
    [`cloudtrail|DescribeTrails|${at}`, 1],
    [`cloudtrail|GetTrailStatus|${at}`, 1],
    [`cloudtrail|GetEventSelectors|${at}`, 1],
    [`cloudtrail|LookupEvents|${at}`, 1],
    [`bedrock|GetInferenceProfile|${at}`, 1],
    [`bedrock|GetModelInvocationLoggingConfiguration|${at}`, 1],
    [`logs|DescribeLogGroups|${at}`, 1],
    [`s3|GetBucketLocation|${at}`, 2],
  ];
  return new Map(rows);
}

function keyOf(call: ApiCallCount): string {
  return [call.service, call.operation, call.account, call.region].join('|');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const moto = await startMotoServer();
try {
  const report: { label: string; scale: number; wallMs: number; calls: number; minimum: number; extra: string[] }[] = [];
  for (const [label, shapes, scale, suite] of [
    ['reference', [], 1, CONNECTIVITY_SUITE],
    ['reference', [], 20, CONNECTIVITY_SUITE],
    ['hub zones + prefix list', ['endpoint-account-zones', 'prefix-list-sg'], 1, CONNECTIVITY_SUITE],
    ['hub zones + prefix list', ['endpoint-account-zones', 'prefix-list-sg'], 20, CONNECTIVITY_SUITE],
    ['residency', [], 1, RESIDENCY_SUITE],
    ['residency', [], 20, RESIDENCY_SUITE],
  ] as [string, string[], number, string][]) {
    const times: number[] = [];
    let counts: ApiCallCount[] = [];
    let vars: Record<string, unknown> = {};
    for (let run = 0; run < RUNS; run += 1) {
      // Provisioning is not timed: only the suite run (load, plan, collect, evaluate) is.
      let started = 0;
      const result = await runLabScenario(moto, { scale, shapes }, suite, () => {
        started = performance.now();
      });
      times.push(performance.now() - started);
      counts = result.callLog.counts();
      vars = result.varSets[0]!;
      if (result.findings.some((finding) => finding.status === 'fail' || finding.status === 'error'))
        throw new Error(`the ${scale}× clean lab (${label}) did not pass`);
    }
    const minimum = suite === RESIDENCY_SUITE ? minimumResidencyCalls(String(vars.account_id), String(vars.source_region)) : minimumCalls(scale, shapes);
    const extra = counts
      .filter((call) => call.count !== (minimum.get(keyOf(call)) ?? 0))
      .map((call) => `${keyOf(call)}: ${call.count} (minimum ${minimum.get(keyOf(call)) ?? 0})`);
    for (const key of minimum.keys()) if (!counts.some((call) => keyOf(call) === key)) extra.push(`${key}: 0 (minimum ${minimum.get(key)})`);
    report.push({
      label,
      scale,
      wallMs: median(times),
      calls: counts.reduce((sum, call) => sum + call.count, 0),
      minimum: [...minimum.values()].reduce((a, b) => a + b, 0),
      extra,
    });
    console.log(`\n${scale}× estate, ${label} — calls per operation (account/Region):`);
    for (const call of counts)
      console.log(
        `  ${call.service}:${call.operation.padEnd(30)} ${call.account}/${call.region.padEnd(15)} ${String(call.count).padStart(4)}  (minimum ${minimum.get(keyOf(call)) ?? 0})`,
      );
  }
  const [base, big] = report as [(typeof report)[0], (typeof report)[0]];
  console.log('\nshape                     scale  calls  minimum  calls/minimum  wall ms (median of ' + RUNS + ')');
  for (const row of report)
    console.log(
      `${row.label.padEnd(24)}  ${String(row.scale).padStart(4)}×  ${String(row.calls).padStart(5)}  ${String(row.minimum).padStart(7)}  ${(row.calls / row.minimum).toFixed(2).padStart(13)}  ${row.wallMs.toFixed(0).padStart(7)}`,
    );
  console.log(`\n20× / 1× wall time: ${(big.wallMs / base.wallMs).toFixed(2)} (the estate has 20× the app VPCs, endpoints and zones)`);
  console.log(`20× / 1× API calls: ${(big.calls / base.calls).toFixed(2)}`);
  const mismatches = report.flatMap((row) => row.extra.map((line) => `${row.label} ${row.scale}×: ${line}`));
  console.log(
    mismatches.length === 0 ? 'Every operation made exactly the minimum number of calls.' : `Calls above or below the minimum:\n  ${mismatches.join('\n  ')}`,
  );
  process.exitCode = mismatches.length === 0 ? 0 : 1;
} finally {
  await moto.stop();
}
