/**
 * junit.xml: one testsuite per check, one testcase per finding, with the check
 * id, severity, status and resource as testcase properties so CI systems can
 * group and filter. fail → <failure>, error → <error>, skipped and
 * not_applicable → <skipped>.
 */
import { describeResource, type Finding } from '../model/findings.ts';
import { escapeXml } from './escape.ts';
import type { Results } from '../model/results.ts';

function testcase(finding: Finding, severity: string): string {
  const resource = finding.resource;
  const properties = [
    ['checkId', finding.checkId],
    ['severity', severity],
    ['status', finding.status],
    ['resource', `${resource.type} ${resource.id}`],
    ['resourceType', resource.type],
    ['resourceId', resource.id],
    ...(resource.arn ? [['resourceArn', resource.arn]] : []),
    ...(resource.account ? [['account', resource.account]] : []),
    ...(resource.region ? [['region', resource.region]] : []),
  ]
    .map(([name, value]) => `        <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`)
    .join('\n');
  const name = `${describeResource(resource)}`;
  const body =
    finding.status === 'fail'
      ? `      <failure message="${escapeXml(finding.message)}" type="fail">${escapeXml(detail(finding))}</failure>\n`
      : finding.status === 'error'
        ? `      <error message="${escapeXml(finding.message)}" type="error">${escapeXml(detail(finding))}</error>\n`
        : finding.status === 'skipped' || finding.status === 'not_applicable'
          ? `      <skipped message="${escapeXml(finding.message)}"/>\n`
          : `      <system-out>${escapeXml(finding.message)}</system-out>\n`;
  return `    <testcase classname="${escapeXml(finding.checkId)}" name="${escapeXml(name)}" time="0">\n      <properties>\n${properties}\n      </properties>\n${body}    </testcase>`;
}

function detail(finding: Finding): string {
  const parts = [finding.message];
  if (finding.expected !== undefined) parts.push(`expected: ${JSON.stringify(finding.expected)}`);
  if (finding.actual !== undefined) parts.push(`actual: ${JSON.stringify(finding.actual)}`);
  return parts.join('\n');
}

/** Renders the results as JUnit XML. */
export function renderJunit(results: Results): string {
  const severityOf = new Map(results.checks.map((check) => [check.id, check.severity]));
  const byCheck = new Map<string, Finding[]>();
  for (const finding of results.findings) {
    const list = byCheck.get(finding.checkId) ?? [];
    list.push(finding);
    byCheck.set(finding.checkId, list);
  }
  const suites = [...byCheck.entries()].map(([checkId, findings]) => {
    const count = (status: Finding['status'] | Finding['status'][]) =>
      findings.filter((finding) => ([] as string[]).concat(status).includes(finding.status)).length;
    const cases = findings.map((finding) => testcase(finding, severityOf.get(checkId) ?? 'unknown')).join('\n');
    return `  <testsuite name="${escapeXml(checkId)}" tests="${findings.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count(['skipped', 'not_applicable'])}" time="0" timestamp="${escapeXml(results.startedAt)}">\n${cases}\n  </testsuite>`;
  });
  const { summary } = results;
  const total = results.findings.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="crisp" tests="${total}" failures="${summary.fail}" errors="${summary.error}" skipped="${summary.skipped + summary.not_applicable}" time="${(results.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
