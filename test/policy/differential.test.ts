/**
 * Differential test: crisp's policy engine against @cloud-copilot/iam-simulate
 * on 5,000 generated cases. Every comparable case must agree; a disagreement
 * would be listed here with the AWS documentation that settles it (there are
 * none). Cases iam-simulate cannot run are counted apart, with the reason:
 * the Region-less foundation-model ARN that global profiles use
 * (arn:aws:bedrock:::foundation-model/…, documented in the Bedrock user guide's
 * cross-Region inference IAM examples) matches no resource type in its IAM data.
 */
import { expect, test } from 'vitest';
import { evaluate } from '../../harness/policy/evaluate.ts';
import { generateCases } from './generate-cases.ts';
import { simulate } from './iam-simulate-adapter.ts';

const CASES = 5_000;

/** Documented disagreements: none so far. Add { match, doc } entries here, never silence a case. */
const DOCUMENTED_DISAGREEMENTS: { describe: string; doc: string; applies: (resource: string) => boolean }[] = [];

test(`crisp's engine agrees with iam-simulate on ${CASES} generated cases`, async () => {
  const cases = generateCases(CASES);
  const disagreements: string[] = [];
  const notComparable = new Map<string, number>();
  let compared = 0;
  const tally = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  for (const policyCase of cases) {
    const theirs = await simulate(policyCase);
    if (theirs.error) {
      notComparable.set(
        `${theirs.error} for ${policyCase.request.resource}`,
        (notComparable.get(`${theirs.error} for ${policyCase.request.resource}`) ?? 0) + 1,
      );
      continue;
    }
    expect(theirs.ignoredContextKeys ?? []).toEqual([]);
    compared += 1;
    const ours = evaluate(policyCase.request, policyCase.policies);
    tally[ours.decision] += 1;
    if (ours.decision !== theirs.decision && !DOCUMENTED_DISAGREEMENTS.some((entry) => entry.applies(policyCase.request.resource))) {
      disagreements.push(`crisp ${ours.decision} (${ours.reason}) vs iam-simulate ${theirs.decision}: ${JSON.stringify(policyCase)}`);
    }
  }
  console.log(
    `differential: ${compared} compared (${JSON.stringify(tally)}), ${disagreements.length} disagreements, not comparable: ${JSON.stringify([...notComparable])}`,
  );
  expect(disagreements.slice(0, 5)).toEqual([]);
  // The generator must exercise every outcome, or agreement proves little.
  expect(Math.min(tally.Allow, tally.ExplicitDeny, tally.ImplicitDeny)).toBeGreaterThan(CASES / 20);
  expect(compared).toBeGreaterThan(CASES * 0.85);
  expect([...notComparable.keys()].every((key) => key.endsWith('arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'))).toBe(true);
}, 120_000);
