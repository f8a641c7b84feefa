/**
 * junit.xml: one testsuite per check, one testcase per distinct finding, with the
 * check id, severity, status and resource as testcase properties so CI systems can
 * group and filter. A finding identical across suite instances is one testcase whose
 * `instances` property names them. fail → <failure>, error → <error>, skipped and
 * not_applicable → <skipped>.
 */
import { describeResource, type Finding } from '../model/findings.ts';
import { escapeXml } from './escape.ts';
import { describeInstances, findingGroupsOf, type FindingGroup, type ReportedResults } from './instances.ts';

function testcase(finding: Finding, severity: string, instances: string[][]): string {
  const resource = finding.resource;
  const properties = [
    ['checkId', finding.checkId],
    ['severity', severity],
    ['status', finding.status],
    ['resource', `${resource.type} ${resource.id}`],
    ...(resource.arn ? [['resourceArn', resource.arn]] : []),
    ...(resource.account ? [['account', resource.account]] : []),
    ...(resource.region ? [['region', resource.region]] : []),
    ...instances,
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

/** The properties naming the instances of a finding reported by more than one. */
function instanceProperties(group: FindingGroup, results: ReportedResults): string[][] {
  if (group.occurrences.length < 2) return [];
  return [
    ['occurrences', String(group.occurrences.length)],
    ...(group.suites.length > 0 ? [['instances', describeInstances(group.suites, results.suites, Number.POSITIVE_INFINITY)]] : []),
  ];
}

/** Renders the results as JUnit XML; `groups` as for renderHtml. */
export function renderJunit(results: ReportedResults, groups: readonly FindingGroup[] = findingGroupsOf(results)): string {
  const severityOf = new Map(results.checks.map((check) => [check.id, check.severity]));
  const byCheck = new Map<string, FindingGroup[]>();
  for (const group of groups) {
    const checkId = results.findings[group.finding]!.checkId;
    const list = byCheck.get(checkId);
    if (list) list.push(group);
    else byCheck.set(checkId, [group]);
  }
  const totals = { tests: 0, fail: 0, error: 0, skipped: 0 };
  const suites = [...byCheck.entries()].map(([checkId, groups]) => {
    const findings = groups.map((group) => results.findings[group.finding]!);
    const count = (status: Finding['status'] | Finding['status'][]) =>
      findings.filter((finding) => ([] as string[]).concat(status).includes(finding.status)).length;
    totals.tests += findings.length;
    totals.fail += count('fail');
    totals.error += count('error');
    totals.skipped += count(['skipped', 'not_applicable']);
    const cases = groups
      .map((group) => testcase(results.findings[group.finding]!, severityOf.get(checkId) ?? 'unknown', instanceProperties(group, results)))
      .join('\n');
    return `  <testsuite name="${escapeXml(checkId)}" tests="${findings.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count(['skipped', 'not_applicable'])}" time="0" timestamp="${escapeXml(results.startedAt)}">\n${cases}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="crisp" tests="${totals.tests}" failures="${totals.fail}" errors="${totals.error}" skipped="${totals.skipped}" time="${(results.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
