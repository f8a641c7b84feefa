/**
 * report.html at fleet scale, from synthetic results shaped like the lab's: N app VPCs,
 * each judged by its own connectivity instance against every endpoint interface of the hub
 * (so static paths grow with N²), and a governance instance per app VPC repeating the same
 * findings word for word. The lab itself cannot provision 100 app VPCs (moto caps the rules
 * of the hub's security group), so this is where the 100× limit is held; the browser test
 * holds the 20× one on a real lab run.
 */
import { describe, expect, test } from 'vitest';
import { summarise, type Finding } from '../model/findings.ts';
import type { SuiteSummary } from '../model/results.ts';
import { renderHtml } from './html.ts';
import { withFindingGroups, type ReportedResults } from './instances.ts';

const padding = (size: number) => 'x'.repeat(size);

/** Results of a lab-shaped fleet of `count` app VPCs. */
function fleet(count: number): ReportedResults {
  const suites: SuiteSummary[] = [];
  const findings: Finding[] = [];
  const findingSuites: number[] = [];
  const add = (suite: number, finding: Finding) => {
    findings.push(finding);
    findingSuites.push(suite);
  };
  const interfaces = Array.from({ length: count * 8 }, (_, index) => `eni-${index.toString(16).padStart(17, '0')}`);
  for (let vpc = 0; vpc < count; vpc += 1) {
    const vpcId = `vpc-${vpc.toString(16).padStart(17, '0')}`;
    const connectivity =
      suites.push({ name: 'bedrock-private-connectivity', file: 'suites/c.yaml', sha256: 'ab', vars: { app_vpc_id: vpcId, endpoint_vpc_id: 'vpc-hub' } }) - 1;
    const governance = suites.push({ name: 'bedrock-cris-governance', file: 'suites/g.yaml', sha256: 'cd', vars: { account_id: '111111111111' } }) - 1;
    add(connectivity, {
      checkId: 'network.peering-active',
      status: 'pass',
      resource: { type: 'AWS::EC2::VPCPeeringConnection', id: `pcx-${vpc}`, account: '111111111111', region: 'ap-southeast-6' },
      message: `Peering pcx-${vpc} between ${vpcId} and vpc-hub is active.`,
      evidence: { routes: padding(300) },
    });
    for (const eni of interfaces) {
      for (const subnet of ['subnet-a', 'subnet-b']) {
        add(connectivity, {
          checkId: 'network.static-path',
          status: 'pass',
          resource: { type: 'AWS::EC2::NetworkInterface', id: eni, account: '222222222222', region: 'ap-southeast-2' },
          message: `Path ${subnet} of ${vpcId} (10.0.0.0/20) → ${eni} in subnet-hub (bedrock, vpce-1) is open on TCP 443 both ways.`,
          evidence: { hops: padding(600) },
        });
      }
      add(connectivity, {
        checkId: 'tls.endpoint-reachability',
        status: 'pass',
        resource: { type: 'AWS::EC2::NetworkInterface', id: eni },
        message: `${eni} completes TLS 1.3 on 443 for bedrock.ap-southeast-2.amazonaws.com.`,
        evidence: { transcript: padding(800) },
      });
    }
    add(governance, {
      checkId: 'iam.profile-only-invocation',
      status: 'pass',
      resource: { type: 'AWS::IAM::Role', id: 'arn:aws:iam::111111111111:role/app' },
      message: 'The role invokes models only through the AU profile.',
      evidence: { cases: padding(10_000) },
    });
  }
  const checks = ['network.peering-active', 'network.static-path', 'tls.endpoint-reachability', 'iam.profile-only-invocation'].map((id) => ({
    id,
    title: id,
    severity: 'critical' as const,
    rationale: 'R',
    remediation: 'M',
  }));
  return withFindingGroups(
    {
      crispVersion: '0.0.0-test',
      summary: summarise(findings),
      target: { kind: 'lab', label: 'lab', identities: [] },
      suites,
      startedAt: '2026-11-21T00:00:00.000Z',
      durationMs: 1,
      apiCalls: [],
      checks,
      findings,
    },
    findingSuites,
  );
}

describe('report.html at fleet scale', () => {
  test.each([
    [20, 3],
    [100, 10],
  ])(
    '%i app VPCs: one fleet row each, the governance finding once, the page under %i MB',
    (count, megabytes) => {
      const results = fleet(count);
      const html = renderHtml(results);
      expect(Buffer.byteLength(html)).toBeLessThan(megabytes * 1024 * 1024);
      expect(html.match(/<tr class="fleet-row /g)).toHaveLength(count);
      expect(html).toContain(`Reported by bedrock-cris-governance (all ${count} instances)`);
      expect(html.match(/id="check-iam\.profile-only-invocation"/g)).toHaveLength(1);
      // Bounded lists say how many more results.json holds.
      expect(html).toMatch(/… \d+ more passed findings of this check are in results\.json/);
    },
    120_000,
  );
});
