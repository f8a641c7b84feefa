import { describe, expect, test } from 'vitest';
import type { Finding, Severity } from '../model/findings.ts';
import { summarise } from '../model/findings.ts';
import { neutralise } from './escape.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { latencyCdfSvg, latencyScale, latencySeries, ttftBoxSvg } from './latency-plots.ts';
import { renderReports, resultsJsonChunks, writeReports } from './write.ts';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFindingGroups } from './instances.ts';
import type { Results } from '../model/results.ts';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

function results(findings: Finding[]): Results {
  return {
    crispVersion: '0.0.0-test',
    summary: summarise(findings),
    target: { kind: 'moto', label: 'moto at http://127.0.0.1:1', identities: [{ account: '111111111111', arn: 'arn:aws:iam::111111111111:root' }] },
    suites: [{ name: 's', file: 'suites/s.yaml', sha256: 'ab'.repeat(32), vars: {} }],
    startedAt: '2026-11-21T00:00:00.000Z',
    durationMs: 1234,
    apiCalls: [{ service: 'ec2', operation: 'DescribeVpcs', account: '111111111111', region: 'ap-southeast-6', count: 1 }],
    checks: [{ id: 'network.peering-active', title: 'T', severity: 'critical', rationale: 'R', remediation: 'M' }],
    findings,
  };
}

const findings: Finding[] = [
  {
    checkId: 'network.peering-active',
    status: 'pass',
    resource: { type: 'AWS::EC2::VPCPeeringConnection', id: 'pcx-1', name: HOSTILE },
    message: `ok ${HOSTILE}`,
  },
  {
    checkId: 'network.peering-active',
    status: 'fail',
    resource: { type: 'AWS::EC2::VPCPeeringConnection', id: 'pcx-2' },
    message: 'pending',
    expected: 'active',
    actual: { status: HOSTILE },
  },
  { checkId: 'network.peering-active', status: 'error', resource: { type: 'crisp::Observation', id: 'ec2.vpcs' }, message: 'denied' },
  { checkId: 'network.peering-active', status: 'skipped', resource: { type: 'crisp::Check', id: 'x' }, message: 'no API' },
];

describe('reports', () => {
  test('results.json written in pieces is exactly JSON.stringify(results, null, 2), with findings or none', async () => {
    for (const list of [findings, [], [findings[0]!]]) {
      const reported = withFindingGroups(results(list));
      expect([...resultsJsonChunks(reported)].join('')).toBe(JSON.stringify(reported, null, 2) + '\n');
    }
    const dir = await mkdtemp(join(tmpdir(), 'crisp-write-'));
    const { paths, packed } = await writeReports(dir, results(findings));
    expect(JSON.parse(await readFile(paths[0]!, 'utf8'))).toEqual(withFindingGroups(results(findings)));
    expect(await readFile(paths[1]!, 'utf8')).toBe(packed['junit.xml']);
    expect(await readFile(paths[2]!, 'utf8')).toBe(packed['report.html']);
  });

  test('junit: one testcase per finding, properties, and the right element per status', () => {
    const xml = renderJunit(results(findings));
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testsuites name="crisp" tests="4" failures="1" errors="1" skipped="1"');
    expect(xml).toContain('<property name="severity" value="critical"/>');
    expect(xml).toContain('<property name="resource" value="AWS::EC2::VPCPeeringConnection pcx-2"/>');
    expect(xml).toMatch(/<failure message="pending" type="fail">pending\nexpected: &quot;active&quot;/);
    expect(xml).toContain('<error message="denied"');
    expect(xml).toContain('<skipped message="no API"/>');
  });

  test('estate strings are escaped in junit and html; nothing executable survives', () => {
    const xml = renderJunit(results(findings));
    const html = renderHtml(results(findings));
    for (const text of [xml, html]) {
      expect(text).not.toContain('<script>');
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    }
    expect(html).toContain(`Content-Security-Policy`);
  });

  test('html summary numbers equal the results summary', () => {
    const html = renderHtml(results(findings));
    for (const [status, count] of Object.entries(summarise(findings))) expect(html).toContain(`data-status="${status}">${count}</td>`);
  });

  test('html draws the bar chart a finding carries: a bar per Region, those outside the set in red, labels escaped', () => {
    const residency: Finding = {
      checkId: 'network.peering-active',
      status: 'fail',
      resource: { type: 'AWS::CloudTrail::EventHistory', id: 'calls' },
      message: '1 call ran in us-east-1',
      evidence: {
        chart: { kind: 'bar', title: `Inference Regions ${HOSTILE}`, data: { 'ap-southeast-2': 9, 'us-east-1': 1, [HOSTILE]: 2 }, highlight: ['us-east-1'] },
      },
    };
    const html = renderHtml(results([residency]));
    expect(html).toContain('<h2 id="where-inference-ran">Where inference ran</h2>');
    expect(html).toMatch(/<g class="bar outside"><text[^>]*>us-east-1<\/text>\s*<rect[^>]*fill="#cf222e"/);
    expect(html).toMatch(/<g class="bar"><text[^>]*>ap-southeast-2<\/text>\s*<rect[^>]*fill="#1a7f37"/);
    expect(html).not.toContain('<script>alert');
    // Without a chart in the evidence the section is absent.
    expect(renderHtml(results(findings))).not.toContain('where-inference-ran');
  });
});

describe('report.html: verdict, grouping, pictures', () => {
  const check = (id: string, severity: Severity = 'critical') => ({ id, title: `${id} holds`, severity, rationale: 'R', remediation: 'M' });
  const finding = (checkId: string, status: Finding['status'], id: string, extra: Partial<Finding> = {}): Finding => ({
    checkId,
    status,
    resource: { type: 'AWS::EC2::VPCEndpoint', id },
    message: `${checkId} ${status} on ${id}`,
    ...extra,
  });
  const withChecks = (
    list: Finding[],
    checks = [check('network.peering-active'), check('dns.private-resolution'), check('quota.headroom', 'high')],
  ): Results => ({
    ...results(list),
    checks,
  });
  const verdictText = (html: string) => /<section id="verdict"[^]*?<\/section>/.exec(html)![0];

  test('the verdict names the failures, and what was not observed', () => {
    const html = renderHtml(
      withChecks([
        finding('network.peering-active', 'fail', 'pcx-9'),
        finding('network.peering-active', 'fail', 'pcx-8'),
        finding('dns.private-resolution', 'error', 'name-1'),
      ]),
    );
    const block = verdictText(html);
    expect(block).toContain('class="verdict failed"');
    expect(block).toContain('<strong>FAILED</strong>');
    expect(block).toContain('network.peering-active');
    expect(block).toContain('2 findings failed, the first:');
    expect(block).toContain('network.peering-active fail on pcx-9');
    expect(block).toMatch(/What was not observed[^]*dns\.private-resolution/);
    // The verdict links to the finding it names.
    const link = /href="#(f-\d+)"><code>network\.peering-active/.exec(block)![1];
    expect(html).toContain(`id="${link}"`);
  });

  test('never PASSED when a critical check was not observed; PASSED names the non-critical ones skipped', () => {
    const liveSkipped = renderHtml(
      withChecks([
        finding('network.peering-active', 'pass', 'pcx-1'),
        finding('dns.private-resolution', 'skipped', 'name-1', { message: 'live DNS not run (outside the VPC)' }),
      ]),
    );
    expect(verdictText(liveSkipped)).toContain('<strong>NOT PROVEN</strong>');
    expect(verdictText(liveSkipped)).not.toContain('PASSED');
    expect(verdictText(liveSkipped)).toContain('live DNS not run (outside the VPC)');
    const quotaSkipped = renderHtml(withChecks([finding('network.peering-active', 'pass', 'pcx-1'), finding('quota.headroom', 'skipped', 'q')]));
    expect(verdictText(quotaSkipped)).toContain('<strong>PASSED</strong>');
    expect(verdictText(quotaSkipped)).toMatch(/skipped with a reason: quota\.headroom/);
    const errored = renderHtml(withChecks([finding('network.peering-active', 'pass', 'pcx-1'), finding('quota.headroom', 'error', 'q')]));
    expect(verdictText(errored)).toContain('<strong>INCOMPLETE</strong>');
    const nothing = renderHtml(withChecks([finding('quota.headroom', 'not_applicable', 'q')]));
    expect(verdictText(nothing)).toContain('<strong>NOT PROVEN</strong>');
  });

  test('findings identical across suite instances are shown once, naming the instances, in html, junit and results.json', () => {
    const same = finding('network.peering-active', 'pass', 'pcx-1', { evidence: { route: 'rtb-1' } });
    const base = withChecks([same, { ...same }, finding('network.peering-active', 'fail', 'pcx-2'), { ...same }]);
    const reported = {
      ...base,
      suites: [0, 1, 2].map((index) => ({ name: 'conn', file: 'suites/conn.yaml', sha256: 'ab', vars: { app_vpc_id: `vpc-${index}` } })),
      findingSuites: [0, 1, 1, 2],
    };
    const contents = renderReports(reported);
    const json = JSON.parse(contents['results.json']);
    expect(json.findings).toHaveLength(4);
    expect(json.findingGroups).toEqual([
      { finding: 0, occurrences: [0, 1, 3], suites: [0, 1, 2] },
      { finding: 2, occurrences: [2], suites: [1] },
    ]);
    expect(contents['junit.xml'].match(/<testcase /g)).toHaveLength(2);
    expect(contents['junit.xml']).toContain('<property name="instances" value="conn (all 3 instances)"/>');
    expect(contents['report.html']).toContain('Reported by conn (all 3 instances)');
    expect(contents['report.html'].match(/class="finding f-pass"/g)).toHaveLength(1);
    // Merged results carry the first shard's fields, describing other findings: they are not trusted.
    const stale = JSON.parse(
      renderReports({ ...reported, findingSuites: [0], findingGroups: [{ finding: 0, occurrences: [0], suites: [0] }] })['results.json'],
    );
    expect(stale.findingSuites).toBeUndefined();
    expect(stale.findingGroups).toEqual([
      { finding: 0, occurrences: [0, 1, 3], suites: [] },
      { finding: 2, occurrences: [2], suites: [] },
    ]);
  });

  test('the topology of an unreachable target is grey and dashed, never green', () => {
    const unreachable: Results = {
      ...withChecks([
        { checkId: 'network.peering-active', status: 'error', resource: { type: 'crisp::Observation', id: 'ec2.vpcs' }, message: 'cannot reach' },
      ]),
      target: { kind: 'moto', label: 'moto', identities: [], unreachable: 'cannot reach moto' },
      suites: [{ name: 'conn', file: 'c.yaml', sha256: 'ab', vars: { app_vpc_id: 'vpc-a', endpoint_vpc_id: 'vpc-e' } }],
    };
    const html = renderHtml(unreachable);
    const svg = /<svg[^>]*aria-label="Topology[^]*?<\/svg>/.exec(html)![0];
    expect(svg).not.toMatch(/class="(node|vpc|link) pass"/);
    expect(svg).toContain('? peering not observed');
    expect(svg).toMatch(/class="vpc unobserved"[^]*stroke-dasharray/);
    expect(svg).toMatch(/#6e7781/);
  });

  test('expected and actual are key/value lists, the differing keys marked', () => {
    const html = renderHtml(
      withChecks([
        finding('network.peering-active', 'fail', 'pcx-2', { expected: { status: 'active', port: 443 }, actual: { status: 'pending-acceptance', port: 443 } }),
      ]),
    );
    expect(html).toMatch(/<tr class="differs"><th>status<\/th><td>active<\/td><td>pending-acceptance<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="same"><th>port<\/th>/);
  });

  test('latency plots share one scale from zero, with titled axes and ticks spaced apart', () => {
    const latency = (id: string, latencyMs: number[], ttftMs: number[]): Finding => ({
      checkId: 'latency.profile-baseline',
      status: 'pass',
      resource: { type: 'crisp::InferenceProfile', id },
      message: 'ok',
      evidence: { latencyMs, ttftMs },
    });
    const series = latencySeries([latency('au', [120, 180, 950], [40, 60, 90]), latency('global', [80, 90, 1234], [20, 30, 50])]);
    const scale = latencyScale(series);
    expect(scale.ticks[0]).toBe(0);
    expect(scale.max).toBeGreaterThanOrEqual(1234);
    const gaps = scale.ticks.slice(1).map((tick, index) => scale.x(tick) - scale.x(scale.ticks[index]!));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(56);
    const cdf = latencyCdfSvg(series, scale);
    const box = ttftBoxSvg(series, scale);
    for (const svg of [cdf, box]) expect(svg).toContain(`>${scale.max.toLocaleString('en-US')}</text>`);
    expect(cdf).toContain('end-to-end latency (ms)');
    expect(cdf).toContain('calls at or below');
    expect(box).toContain('time to first token (ms)');
    expect(cdf).not.toMatch(/>0\.9<\/text>/);
  });
});

describe('hostile strings', () => {
  test('ANSI escapes and bidirectional overrides are neutralised: visible and inert in html and junit', () => {
    const sneaky = 'vpc-1\u202Egnp.exe\u202C \u001b[31mred\u001b[0m \u2066iso\u2069 \u009b2J';
    const list: Finding[] = [
      {
        checkId: 'network.peering-active',
        status: 'fail',
        resource: { type: 'AWS::EC2::VPC', id: 'vpc-1', name: sneaky },
        message: `bad ${sneaky}`,
        expected: { name: sneaky },
        actual: sneaky,
      },
    ];
    const html = renderHtml(results(list));
    const xml = renderJunit(results(list));
    for (const text of [html, xml]) {
      expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
      expect(text).toContain('[U+202E]gnp.exe[U+202C]');
      expect(text).toContain('[U+001B][31mred');
      expect(text).toContain('[U+2066]iso[U+2069]');
    }
    expect(neutralise('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});
