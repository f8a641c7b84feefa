/**
 * Runs a crisp policy case through @cloud-copilot/iam-simulate (AGPL: a
 * devDependency used only by tests and benchmarks, never shipped or imported at run time).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Decision } from '../../harness/policy/types.ts';
import type { PolicyCase } from './generate-cases.ts';

const DECISIONS: Record<string, Decision> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

export interface SimulatedVerdict {
  decision?: Decision;
  error?: string;
  ignoredContextKeys?: string[];
}

export async function simulate(policyCase: PolicyCase): Promise<SimulatedVerdict> {
  const { request, policies } = policyCase;
  const accountOf = (arn: string) => arn.split(':')[4] || request.principal.split(':')[4]!;
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: accountOf(request.resource) },
        contextVariables: request.context,
      },
      identityPolicies: policies.identity.map((policy) => ({ name: policy.name, policy: policy.document })),
      serviceControlPolicies: (policies.scps ?? []).map((level) => ({
        orgIdentifier: level.id,
        policies: level.policies.map((policy) => ({ name: policy.name, policy: policy.document })),
      })),
      resourceControlPolicies: [],
      ...(policies.boundary ? { permissionBoundaryPolicies: [{ name: policies.boundary.name, policy: policies.boundary.document }] } : {}),
    } as never,
    {},
  );
  if (result.resultType === 'error') return { error: result.errors.message };
  if (result.resultType === 'single') return { decision: DECISIONS[result.overallResult]!, ignoredContextKeys: result.result.ignoredContextKeys ?? [] };
  return { decision: DECISIONS[result.overallResult]! };
}
