/**
 * Where iam-simulate departs from AWS's documentation, crisp follows the
 * documentation: each class names the page that settles it and is matched
 * precisely, so the differential test and the benchmark never silence a case wholesale.
 */
import { callerOf, matchPrincipal } from '../../harness/policy/principals.ts';
import { statementsOf } from '../../harness/policy/statement.ts';
import type { Decision, Verdict } from '../../harness/policy/types.ts';
import type { PolicyCase } from './generate-cases.ts';

/** True when the case's resource policy has an Allow statement naming the caller as `naming` says. */
function resourcePolicyNames(policyCase: PolicyCase, naming: 'direct' | 'everyone'): boolean {
  const caller = callerOf(policyCase.request);
  const document = policyCase.policies.resource?.document;
  return (
    !!document &&
    statementsOf(document).some(
      (statement) => statement.Effect === 'Allow' && statement.Principal !== undefined && matchPrincipal(statement.Principal, caller) === naming,
    )
  );
}

/** Classes where iam-simulate departs from AWS's documentation. */
export const DOCUMENTED_DISAGREEMENTS: { describe: string; doc: string; applies: (policyCase: PolicyCase, ours: Verdict, theirs: Decision) => boolean }[] = [
  {
    describe: 'a same-account resource policy naming the exact role-session ARN is not limited by that session’s session policies',
    doc: 'IAM User Guide, “Policies and permissions in IAM” → Session policies: “The resource-based policy permissions are not limited by the session policy” when it specifies the session ARN',
    applies: (policyCase, ours, theirs) =>
      ours.decision === 'Allow' &&
      theirs === 'ImplicitDeny' &&
      /:assumed-role\//.test(policyCase.request.principal) &&
      (policyCase.policies.session?.length ?? 0) > 0 &&
      ours.decidedBy.every((match) => match.policyType === 'resource') &&
      resourcePolicyNames(policyCase, 'direct'),
  },
  {
    describe: 'a trust policy naming the caller directly still needs the caller’s permission boundary to allow the STS action',
    doc: 'IAM User Guide, “Update a role trust policy”: “If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action”',
    applies: (policyCase, ours, theirs) =>
      ours.decision === 'ImplicitDeny' &&
      theirs === 'Allow' &&
      policyCase.request.action.startsWith('sts:') &&
      policyCase.policies.boundary !== undefined &&
      /permission boundary .* does not allow it/.test(ours.reason),
  },
];

/** The documented class a disagreement belongs to, if any. */
export function documentedClassOf(policyCase: PolicyCase, ours: Verdict, theirs: Decision): string | undefined {
  return DOCUMENTED_DISAGREEMENTS.find((entry) => entry.applies(policyCase, ours, theirs))?.describe;
}
