/**
 * iam-simulate's core authorisation (`authorize()` in its CoreSimulatorEngine),
 * with every policy parsed once and the request built once — the like-for-like
 * counterpart of crisp's evaluate() for the policy benchmark. Its public
 * runSimulation() re-validates and re-parses every policy on every call, so
 * timing that against evaluate() would flatter crisp.
 *
 * iam-simulate and iam-policy are AGPL: devDependencies used only by tests and
 * benchmarks, never imported at run time. The core is not among the package's
 * exports, so it is loaded by file from the installed package.
 */
import { loadPolicy } from '@cloud-copilot/iam-policy';
import type { Decision } from '../../harness/policy/types.ts';
import type { PolicyCase } from './generate-cases.ts';
import { simulationOf } from './iam-simulate-adapter.ts';

const DIST = new URL('.', import.meta.resolve('@cloud-copilot/iam-simulate'));
const { authorize } = await import(new URL('core_engine/CoreSimulatorEngine.js', DIST).href);
const { normalizeSimulationParameters } = await import(new URL('simulation_engine/simulationEngine.js', DIST).href);
const { AwsRequestImpl } = await import(new URL('request/request.js', DIST).href);
const { RequestContextImpl } = await import(new URL('requestContext.js', DIST).href);
const { DiscoveryContextKeyConstraints } = await import(new URL('context_keys/discoveryContextKeyConstraints.js', DIST).href);
const { isWildcardOnlyAction } = await import(new URL('util.js', DIST).href);

const DECISIONS: Record<string, Decision> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

/** Runs one prepared authorisation. */
export type PreparedCore = () => Decision;

const named = (list: { name: string; policy: unknown }[] | undefined) => list?.map(({ name, policy }) => loadPolicy(policy as never, { name }));
const levels = (list: { orgIdentifier: string; policies: { name: string; policy: unknown }[] }[], always: { name: string; policy: unknown }[] = []) =>
  list.map((level) => ({ orgIdentifier: level.orgIdentifier, policies: named([...always, ...level.policies])! }));

/** runSimulation adds RCPFullAWSAccess at every RCP level (it cannot be detached in AWS either); so does this. */
const RCP_FULL_ACCESS = {
  name: 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
};

/** Parses a case's policies and builds its request once; the returned function only authorises. */
export async function prepareCore(policyCase: PolicyCase): Promise<PreparedCore> {
  const simulation = simulationOf(policyCase);
  const [service, action] = simulation.request.action.split(':') as [string, string];
  const { validContextValues } = await normalizeSimulationParameters(simulation, undefined);
  const request = new AwsRequestImpl(
    simulation.request.principal,
    simulation.request.resource,
    simulation.request.action,
    new RequestContextImpl(validContextValues),
    await isWildcardOnlyAction(service, action),
  );
  const authorization = {
    request,
    sessionPolicy: simulation.sessionPolicy ? loadPolicy(simulation.sessionPolicy, { name: 'SessionPolicy' }) : undefined,
    identityPolicies: named(simulation.identityPolicies)!,
    serviceControlPolicies: levels(simulation.serviceControlPolicies),
    resourceControlPolicies: levels(simulation.resourceControlPolicies, [RCP_FULL_ACCESS]),
    resourcePolicy: simulation.resourcePolicy ? loadPolicy(simulation.resourcePolicy, { name: 'ResourcePolicy' }) : undefined,
    permissionBoundaries: named(simulation.permissionBoundaryPolicies),
    vpcEndpointPolicies: named(simulation.vpcEndpointPolicies),
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
  };
  return () => DECISIONS[authorize(authorization).result]!;
}
