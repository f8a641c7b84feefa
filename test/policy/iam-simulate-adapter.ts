/**
 * Runs a crisp policy case through @cloud-copilot/iam-simulate (AGPL: a
 * devDependency used only by tests and benchmarks, never shipped or imported at run time).
 */
import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { callerOf } from '../../harness/policy/principals.ts';
import type { Decision, NamedPolicy, OrgLevel } from '../../harness/policy/types.ts';
import type { PolicyCase } from './generate-cases.ts';

const DECISIONS: Record<string, Decision> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

export interface SimulatedVerdict {
  decision?: Decision;
  error?: string;
  ignoredContextKeys?: string[];
}

const asNamed = (list: readonly NamedPolicy[]) => list.map((policy) => ({ name: policy.name, policy: policy.document }));
const asLevels = (levels: readonly OrgLevel[] | undefined) => (levels ?? []).map((level) => ({ orgIdentifier: level.id, policies: asNamed(level.policies) }));

/** The case as iam-simulate's simulation input. */
export function simulationOf(policyCase: PolicyCase): Simulation {
  const { request, policies } = policyCase;
  const caller = callerOf(request);
  const resourceAccount = request.resourceAccount ?? (request.resource.split(':')[4] || caller.account || '');
  return {
    request: {
      principal: caller.kind === 'Anonymous' ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount === 'aws' ? (caller.account ?? '') : resourceAccount },
      contextVariables: request.context,
    },
    identityPolicies: asNamed(policies.identity),
    serviceControlPolicies: asLevels(policies.scps),
    resourceControlPolicies: asLevels(policies.rcps),
    ...(policies.boundary ? { permissionBoundaryPolicies: asNamed([policies.boundary]) } : {}),
    ...(policies.session?.[0] ? { sessionPolicy: policies.session[0].document } : {}),
    ...(policies.resource ? { resourcePolicy: policies.resource.document } : {}),
    ...(policies.endpoint ? { vpcEndpointPolicies: asNamed(policies.endpoint) } : {}),
  };
}

export async function simulate(policyCase: PolicyCase): Promise<SimulatedVerdict> {
  const result = await runSimulation(simulationOf(policyCase), {});
  if (result.resultType === 'error') return { error: result.errors.message };
  if (result.resultType === 'single') return { decision: DECISIONS[result.overallResult]!, ignoredContextKeys: result.result.ignoredContextKeys ?? [] };
  return { decision: DECISIONS[result.overallResult]! };
}
