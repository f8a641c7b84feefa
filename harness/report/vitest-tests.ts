/**
 * Vitest integration: declares one Vitest test per finding, grouped by check,
 * so a crisp run can be gated with any Vitest reporter (junit, github-actions,
 * json…). Vitest does not judge: the verdict comes from evaluate(); the test
 * edge only asserts it — pass passes, fail fails with the finding's message,
 * error errors, skipped and not_applicable skip with their reason.
 */
import { describe, expect, test } from 'vitest';
import { describeResource, type Finding } from '../model/findings.ts';
import type { Results } from '../model/results.ts';

/** Declares the tests; call at the top level of a Vitest test file after the run. */
export function declareFindingTests(results: Results): void {
  const severity = new Map(results.checks.map((check) => [check.id, check.severity]));
  const byCheck = new Map<string, Finding[]>();
  for (const finding of results.findings) byCheck.set(finding.checkId, [...(byCheck.get(finding.checkId) ?? []), finding]);
  for (const [checkId, findings] of byCheck) {
    describe(checkId, () => {
      findings.forEach((finding, index) => {
        test(`${describeResource(finding.resource)} #${index + 1}`, async (context) => {
          await context.annotate(`severity ${severity.get(checkId) ?? 'unknown'}; ${finding.resource.type} ${finding.resource.id}`, 'crisp');
          if (finding.status === 'skipped' || finding.status === 'not_applicable') context.skip(finding.message);
          if (finding.status === 'error') throw new Error(`could not evaluate: ${finding.message}`);
          expect(finding.status, finding.message).toBe('pass');
        });
      });
    });
  }
}
