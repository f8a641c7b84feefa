/**
 * Differential test: crisp's policy engine against @cloud-copilot/iam-simulate
 * on generated cases of two families — Bedrock-shaped identity/SCP/boundary
 * cases, and resource-policy shapes (principals named every way, same- and
 * cross-account, sessions and session policies, RCPs, endpoint policies, KMS key
 * and role trust policies, AWS-managed policy ARNs, service and anonymous
 * callers, S3 resource accounts, wildcard resources).
 *
 * Every comparable case must agree, except where the two disagree and the AWS
 * documentation settles it for crisp; each such class is listed below with the
 * page, and matched precisely (never silence a case wholesale).
 *
 * Cases iam-simulate cannot run are counted apart, with the reason: the
 * Region-less foundation-model ARN that global profiles use
 * (arn:aws:bedrock:::foundation-model/…, documented in the Bedrock user guide's
 * cross-Region inference IAM examples) matches no resource type in its IAM data.
 */
import { expect, test } from 'vitest';
import { evaluate } from '../../harness/policy/evaluate.ts';
import type { Decision } from '../../harness/policy/types.ts';
import { DOCUMENTED_DISAGREEMENTS } from './documented-disagreements.ts';
import { generateCases, type PolicyCase } from './generate-cases.ts';
import { generateResourceCases } from './generate-resource-cases.ts';
import { simulate } from './iam-simulate-adapter.ts';

const BEDROCK_CASES = 5_000;
const RESOURCE_CASES = 3_000;

/** Runs one family through both engines; returns what the assertions need. */
async function compare(cases: PolicyCase[]) {
  const disagreements: string[] = [];
  const documented = new Map<string, number>();
  const notComparable = new Map<string, number>();
  const tally: Record<Decision, number> = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  let compared = 0;
  for (const policyCase of cases) {
    const theirs = await simulate(policyCase);
    if (theirs.error) {
      const key = `${theirs.error} for ${policyCase.request.resource}`;
      notComparable.set(key, (notComparable.get(key) ?? 0) + 1);
      continue;
    }
    expect(theirs.ignoredContextKeys ?? []).toEqual([]);
    compared += 1;
    const ours = evaluate(policyCase.request, policyCase.policies);
    tally[ours.decision] += 1;
    if (ours.decision === theirs.decision) continue;
    const known = DOCUMENTED_DISAGREEMENTS.find((entry) => entry.applies(policyCase, ours, theirs.decision!));
    if (known) documented.set(known.describe, (documented.get(known.describe) ?? 0) + 1);
    else disagreements.push(`crisp ${ours.decision} (${ours.reason}) vs iam-simulate ${theirs.decision}: ${JSON.stringify(policyCase)}`);
  }
  return { compared, tally, disagreements, documented, notComparable };
}

test(`crisp's engine agrees with iam-simulate on ${BEDROCK_CASES} Bedrock-shaped cases`, async () => {
  const result = await compare(generateCases(BEDROCK_CASES));
  console.log(
    `differential (Bedrock): ${result.compared} compared ${JSON.stringify(result.tally)}, ${result.disagreements.length} disagreements, not comparable: ${JSON.stringify([...result.notComparable])}`,
  );
  expect(result.disagreements.slice(0, 5)).toEqual([]);
  expect(result.documented.size).toBe(0);
  // The generator must exercise every outcome, or agreement proves little.
  expect(Math.min(...Object.values(result.tally))).toBeGreaterThan(BEDROCK_CASES / 20);
  expect(result.compared).toBeGreaterThan(BEDROCK_CASES * 0.85);
  expect([...result.notComparable.keys()].every((key) => key.endsWith('arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'))).toBe(
    true,
  );
}, 180_000);

test(`crisp's engine agrees with iam-simulate on ${RESOURCE_CASES} resource-policy cases, except where AWS's documentation settles it`, async () => {
  const cases = generateResourceCases(RESOURCE_CASES);
  const result = await compare(cases);
  console.log(
    `differential (resource policies): ${result.compared} compared ${JSON.stringify(result.tally)}, ${result.disagreements.length} disagreements, documented: ${JSON.stringify([...result.documented])}`,
  );
  expect(result.disagreements.slice(0, 5)).toEqual([]);
  expect(result.notComparable.size).toBe(0);
  expect(Math.min(...Object.values(result.tally))).toBeGreaterThan(RESOURCE_CASES / 20);
  // Every shape the generator promises is present, so agreement covers it.
  const shapes = {
    anonymous: cases.filter((policyCase) => policyCase.request.principalType === 'Anonymous').length,
    service: cases.filter((policyCase) => policyCase.request.principalType === 'Service').length,
    crossAccount: cases.filter((policyCase) => policyCase.request.principal.includes(':222222222222:')).length,
    sessionPolicies: cases.filter((policyCase) => policyCase.policies.session).length,
    keyPolicies: cases.filter((policyCase) => policyCase.request.action.startsWith('kms:')).length,
    trustPolicies: cases.filter((policyCase) => policyCase.request.action.startsWith('sts:') && policyCase.request.resource.includes(':role/')).length,
    awsManaged: cases.filter((policyCase) => policyCase.request.resource.includes(':aws:policy/')).length,
    s3ResourceAccount: cases.filter((policyCase) => policyCase.request.resourceAccount).length,
    wildcard: cases.filter((policyCase) => policyCase.request.wildcardResource).length,
    rcps: cases.filter((policyCase) => policyCase.policies.rcps).length,
    endpoints: cases.filter((policyCase) => policyCase.policies.endpoint).length,
    accountPrincipal: cases.filter((policyCase) => JSON.stringify(policyCase.policies.resource ?? '').includes(':root"')).length,
  };
  for (const [shape, count] of Object.entries(shapes)) expect(count, shape).toBeGreaterThan(RESOURCE_CASES / 50);
}, 180_000);
