/**
 * Explaining one IAM request (`crisp explain`): read the request file, take its
 * policies inline or read the principal's from a target, and evaluate with
 * crisp's policy engine; the verdict carries the statements that decided it.
 */
import { collectAuthorizationDetails } from '../collect/iam.ts';
import { collectOrganizationPath } from '../collect/organizations.ts';
import { CallLog } from '../model/call-log.ts';
import { IncompleteError, InputError } from '../model/errors.ts';
import { readValidated } from '../suite/yaml-source.ts';
import { loadTarget } from '../estate/loader.ts';
import { openTarget, type LabLauncher } from '../estate/open.ts';
import { organizationChains, policySetFor } from '../checks/iam/governance-scope.ts';
import { evaluate } from '../policy/evaluate.ts';
import { explainRequestSchema, type ExplainRequest } from './explain-request.ts';
import { accountOf } from '../policy/statement.ts';
import type { PolicySet, Verdict } from '../policy/types.ts';

/** Reads and validates a request file; problems are located at file:line:col. */
export async function readExplainRequest(file: string): Promise<ExplainRequest> {
  return readValidated(file, explainRequestSchema, 'request');
}

/** Reads the principal's policies and its account's organization chains from a target. */
async function policiesFromTarget(
  request: ExplainRequest,
  targetFile: string,
  progress: (message: string) => void,
  launchLab: LabLauncher | undefined,
): Promise<PolicySet> {
  const account = accountOf(request.principal);
  const region = request.resource.split(':')[3] || 'us-east-1';
  const target = await openTarget(await loadTarget(targetFile, launchLab), {
    callLog: new CallLog(),
    progress,
    targetFile,
    ...(launchLab ? { launchLab } : {}),
  });
  try {
    const context = { clients: target.clients, targetKind: target.kind, targetLabel: target.label, progress };
    const details = await collectAuthorizationDetails(context, { kind: 'iam.authorizationDetails', account, region });
    const principal = details.principals.find((candidate) => candidate.arn === request.principal);
    if (!principal) throw new InputError(`principal ${request.principal} does not exist in account ${account} of ${target.label}`);
    if (principal.unreadablePolicies) {
      throw new IncompleteError(
        `cannot explain: the document of ${principal.unreadablePolicies.join(', ')} (attached to ${request.principal}) could not be read, and it could hold a Deny`,
      );
    }
    const chains = organizationChains(await collectOrganizationPath(context, { kind: 'organizations.path', account, region }));
    return policySetFor(principal, chains)(request.resource);
  } finally {
    await target.close();
  }
}

/** Evaluates the request; the verdict plus the request as evaluated. */
export async function explain(
  file: string,
  targetFile: string | undefined,
  progress: (message: string) => void,
  launchLab?: LabLauncher,
): Promise<{ request: ExplainRequest; verdict: Verdict }> {
  const request = await readExplainRequest(file);
  let policies: PolicySet;
  if (request.policies) policies = request.policies as PolicySet;
  else if (targetFile) policies = await policiesFromTarget(request, targetFile, progress, launchLab);
  else throw new InputError('the request has no "policies": give them inline, or pass --target to read the principal’s policies', { file });
  const context = Object.fromEntries(Object.entries(request.context).map(([key, value]) => [key, Array.isArray(value) ? value : String(value)]));
  return { request, verdict: evaluate({ principal: request.principal, action: request.action, resource: request.resource, context }, policies) };
}
