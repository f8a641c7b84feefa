import { describe, expect, test } from 'vitest';
import type { Finding } from '../model/findings.ts';
import { summarise } from '../model/findings.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
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
