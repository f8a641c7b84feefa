/**
 * OCSF Compliance Finding events (class 2003, category Findings) for Security
 * Lake and Security Hub ingestion: one event per finding, written as ocsf.json.
 */
import type { Finding, FindingStatus, Severity } from '../model/findings.ts';
import type { Results } from '../model/results.ts';

export const OCSF_VERSION = '1.3.0';

/** compliance.status_id: 0 Unknown, 1 Pass, 2 Warning, 3 Fail, 99 Other. */
const COMPLIANCE: Record<FindingStatus, { status_id: number; status: string }> = {
  pass: { status_id: 1, status: 'Pass' },
  fail: { status_id: 3, status: 'Fail' },
  error: { status_id: 2, status: 'Warning' },
  skipped: { status_id: 99, status: 'Other' },
  not_applicable: { status_id: 99, status: 'Other' },
};

/** severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY: Record<Severity, { severity_id: number; severity: string }> = {
  info: { severity_id: 1, severity: 'Informational' },
  low: { severity_id: 2, severity: 'Low' },
  medium: { severity_id: 3, severity: 'Medium' },
  high: { severity_id: 4, severity: 'High' },
  critical: { severity_id: 5, severity: 'Critical' },
};

/** One OCSF event per finding. */
export function toOcsf(results: Results): Record<string, unknown>[] {
  const checks = new Map(results.checks.map((check) => [check.id, check]));
  const time = Date.parse(results.startedAt);
  return results.findings.map((finding: Finding, index) => {
    const check = checks.get(finding.checkId);
    const compliance = COMPLIANCE[finding.status];
    return {
      class_uid: 2003,
      class_name: 'Compliance Finding',
      category_uid: 2,
      category_name: 'Findings',
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200301,
      type_name: 'Compliance Finding: Create',
      time,
      ...SEVERITY[check?.severity ?? 'info'],
      status_id: 1,
      status: 'New',
      message: finding.message,
      metadata: { version: OCSF_VERSION, product: { name: 'crisp', vendor_name: 'crisp', version: results.crispVersion } },
      finding_info: {
        uid: `${results.startedAt}/${index}/${finding.checkId}/${finding.resource.id}`,
        title: check?.title ?? finding.checkId,
        desc: check?.rationale,
        types: [finding.checkId.split('.')[0]],
      },
      compliance: { control: finding.checkId, ...compliance, standards: ['crisp'] },
      remediation: check ? { desc: check.remediation } : undefined,
      resources: [
        {
          uid: finding.resource.arn ?? finding.resource.id,
          type: finding.resource.type,
          name: finding.resource.name,
          region: finding.resource.region,
          account: finding.resource.account ? { uid: finding.resource.account } : undefined,
        },
      ],
      cloud: { provider: 'AWS', region: finding.resource.region, account: finding.resource.account ? { uid: finding.resource.account } : undefined },
      unmapped: { expected: finding.expected, actual: finding.actual },
    };
  });
}
