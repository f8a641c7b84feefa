/**
 * Explaining IAM requests (`crisp explain`): read the request file (one request
 * or many), take each request's policies inline or read its principal's from a
 * target — with the context AWS would supply for that principal — and evaluate
 * with crisp's policy engine; each verdict carries the statements that decided it.
 */
import { collectAuthorizationDetails } from '../collect/iam.ts';
import { connectionErrorCode, TargetLacks } from '../collect/failure.ts';
import { collectOrganizationPath } from '../collect/organizations.ts';
import { CallLog } from '../model/call-log.ts';
import { IncompleteError, InputError, InputErrors } from '../model/errors.ts';
import type { OrganizationPath, PrincipalPolicies } from '../model/observations.ts';
import { loadTarget } from '../estate/loader.ts';
import { openTarget, type LabLauncher } from '../estate/open.ts';
import { organizationChains, policySetFor } from '../checks/iam/governance-scope.ts';
import { principalContext } from '../checks/iam/request-context.ts';
import { evaluate } from '../policy/evaluate.ts';
import { callerOf } from '../policy/principals.ts';
import { InvalidRequestError } from '../policy/resources.ts';
import { InvalidPolicyError } from '../policy/validate.ts';
import type { ContextValue, PolicyRequest, PolicySet, Verdict } from '../policy/types.ts';
import type { ExplainRequest } from './explain-request.ts';
import { readRequestFile, type LocatedRequest } from './explain-input.ts';
import { policyProblemPath } from './explain-locate.ts';

/** One answered request. */
export interface Explained extends LocatedRequest {
  /** The request as evaluated: with the context a target filled in. */
  evaluated: PolicyRequest;
  verdict: Verdict;
}

/** What a target says about one principal: its policies and the context AWS would give its calls. */
interface PrincipalFacts {
  policies: (resource: string) => PolicySet;
  context: Record<string, ContextValue>;
}

/** Reads, once per account, the principals' policies and organization chains from a target. */
async function factsFromTarget(
  requests: readonly LocatedRequest[],
  targetFile: string,
  progress: (message: string) => void,
  launchLab: LabLauncher | undefined,
): Promise<Map<string, PrincipalFacts>> {
  const facts = new Map<string, PrincipalFacts>();
  const wanted = requests.filter((entry) => !entry.request.policies);
  if (wanted.length === 0) return facts;
  for (const { request, location } of wanted) {
    const caller = callerOf(request);
    if (caller.kind !== 'AWS' || !caller.account)
      throw new InputError(
        `--target reads an IAM principal's policies, and ${JSON.stringify(request.principal)} is not one: give this request its policies inline`,
        location,
      );
  }
  const target = await openTarget(await loadTarget(targetFile, launchLab), {
    callLog: new CallLog(),
    progress,
    targetFile,
    ...(launchLab ? { launchLab } : {}),
  });
  // The run's clock: aws:CurrentTime and aws:EpochTime for every request, as in a suite run.
  const now = new Date().toISOString();
  try {
    const context = { clients: target.clients, targetKind: target.kind, targetLabel: target.label, progress };
    const accounts = new Map<string, { principals: PrincipalPolicies[]; organization: OrganizationPath }>();
    for (const { request, location } of wanted) {
      if (facts.has(request.principal)) continue;
      const caller = callerOf(request);
      const account = caller.account!;
      const region = request.resource.split(':')[3] || 'us-east-1';
      let known = accounts.get(account);
      if (!known) {
        try {
          const details = await collectAuthorizationDetails(context, { kind: 'iam.authorizationDetails', account, region });
          const organization = await collectOrganizationPath(context, { kind: 'organizations.path', account, region });
          known = { principals: details.principals, organization };
        } catch (error) {
          throw unreadableTarget(error, target.label, account);
        }
        accounts.set(account, known);
      }
      // A role session is judged with its role's policies.
      const arn = caller.roleArn ?? request.principal;
      const principal = known.principals.find((candidate) => candidate.arn === arn);
      if (!principal) throw new InputError(`principal ${arn} does not exist in account ${account} of ${target.label}`, location);
      if (principal.unreadablePolicies) {
        throw new IncompleteError(
          `cannot explain: the document of ${principal.unreadablePolicies.join(', ')} (attached to ${arn}) could not be read, and it could hold a Deny`,
        );
      }
      facts.set(request.principal, {
        policies: policySetFor(principal, organizationChains(known.organization)),
        context: principalContext({ principal: { ...principal, arn: request.principal }, organization: known.organization, now }),
      });
    }
  } finally {
    await target.close();
  }
  return facts;
}

/**
 * A target that cannot be read is an incomplete answer (exit 3), named in one line: unreachable, or
 * refusing the listing (access denied, an emulator without the API). Anything else is a bug and stays one.
 */
function unreadableTarget(error: unknown, label: string, account: string): unknown {
  const code = connectionErrorCode(error);
  if (code) return new IncompleteError(`cannot explain: target unreachable: cannot reach ${label}: ${code}`);
  const sdk = error as { name?: string; message?: string; $metadata?: unknown };
  if (error instanceof TargetLacks || (error instanceof Error && sdk.$metadata !== undefined))
    return new IncompleteError(
      `cannot explain: the policies of account ${account} could not be read from ${label}: ${sdk.name}: ${(sdk.message ?? '').split('\n')[0]}`,
    );
  return error;
}

/** The engine's request: context values as IAM compares them (strings), the target's context under the file's. */
function engineRequest(request: ExplainRequest, filled: Record<string, ContextValue> = {}): PolicyRequest {
  const given = Object.fromEntries(Object.entries(request.context).map(([key, value]) => [key, Array.isArray(value) ? value : String(value)]));
  return {
    principal: request.principal,
    ...(request.principalType ? { principalType: request.principalType } : {}),
    action: request.action,
    resource: request.resource,
    ...(request.resourceAccount ? { resourceAccount: request.resourceAccount } : {}),
    ...(request.wildcardResource ? { wildcardResource: true } : {}),
    context: { ...filled, ...given },
  };
}

/** Reads the request file and answers every request, in file order; nothing is answered unless every request can be. */
export async function explainFile(
  file: string,
  targetFile: string | undefined,
  progress: (message: string) => void,
  launchLab?: LabLauncher,
): Promise<{ batch: boolean; answers: Explained[] }> {
  const { requests, batch } = await readRequestFile(file);
  const missing = requests.filter((entry) => !entry.request.policies);
  if (missing.length > 0 && !targetFile) {
    throw new InputError('the request has no "policies": give them inline, or pass --target to read the principal’s policies', missing[0]!.location);
  }
  const facts = targetFile ? await factsFromTarget(requests, targetFile, progress, launchLab) : new Map<string, PrincipalFacts>();
  const problems: InputError[] = [];
  const answers: Explained[] = [];
  for (const entry of requests) {
    const known = facts.get(entry.request.principal);
    const evaluated = engineRequest(entry.request, entry.request.policies ? {} : known?.context);
    const policies = (entry.request.policies as PolicySet | undefined) ?? known!.policies(entry.request.resource);
    try {
      answers.push({ ...entry, evaluated, verdict: evaluate(evaluated, policies) });
    } catch (error) {
      // A policy IAM would refuse, or a request the engine cannot judge, is the user's to fix: located, exit 2.
      if (error instanceof InvalidPolicyError && entry.request.policies && entry.at)
        problems.push(new InputError(error.message, entry.at(policyProblemPath(entry.request, error) as (string | number)[])));
      else if (error instanceof InvalidPolicyError || error instanceof InvalidRequestError) problems.push(new InputError(error.message, entry.location));
      else throw error;
    }
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return { batch, answers };
}
