/**
 * The run pipeline (docs/ARCHITECTURE.md §1): plan the observations the selected checks
 * need, collect each once, evaluate every check purely, and stamp findings.
 */
import { collect, dedupeRequests } from '../collect/collect.ts';
import type { CollectContext } from '../collect/context.ts';
import { identifyCallers, isApiRequest } from '../collect/sts.ts';
import { Observations, ObservationUnavailable, type ObservationRequest } from '../model/observations.ts';
import type { Finding, FindingDraft } from '../model/findings.ts';
import type { CallerIdentity } from '../model/results.ts';
import type { CheckInstance } from '../suite/loader.ts';
import { missingCapability, type Capability, type TargetKind } from '../model/capabilities.ts';
import { InputError } from '../model/errors.ts';

export interface EngineResult {
  findings: Finding[];
  observations: Observations;
  identities: CallerIdentity[];
  /** Set when the target could not be reached at all. */
  unreachable?: string;
}

/** The first capability the check requires and the target lacks, with the reason; undefined when it lacks none. */
function lackedCapability(check: CheckInstance['check'], kind: TargetKind): { capability: Capability; reason: string } | undefined {
  for (const capability of check.requires ?? []) {
    const reason = missingCapability(kind, capability);
    if (reason) return { capability, reason };
  }
  return undefined;
}

/** The observations an instance needs, or none when the target lacks a capability it requires. */
function requestsOf(instance: CheckInstance, context: CollectContext): ObservationRequest[] {
  return lackedCapability(instance.check, context.targetKind) ? [] : instance.check.needs(instance.params);
}

/** Every distinct request of a plan. */
export function planRequests(instances: readonly CheckInstance[], context: CollectContext): ObservationRequest[] {
  return dedupeRequests(instances.flatMap((instance) => requestsOf(instance, context)));
}

/** The probe requests an instance derives from observations; none while an input they need is unavailable (evaluate() reports it). */
export function probeRequestsOf(instance: CheckInstance, observations: Observations): ObservationRequest[] {
  if (!instance.check.probes) return [];
  try {
    return instance.check.probes(instance.params, observations);
  } catch (error) {
    if (error instanceof ObservationUnavailable) return [];
    throw error;
  }
}

/**
 * A later round: requests derived from what earlier rounds observed (probes of endpoint
 * IPs, the transit gateway route tables a route leads to, records of zones other accounts
 * own). Checks return whatever they can derive so far.
 */
export function planProbes(instances: readonly CheckInstance[], context: CollectContext, observations: Observations): ObservationRequest[] {
  return dedupeRequests(instances.flatMap((instance) => (lackedCapability(instance.check, context.targetKind) ? [] : probeRequestsOf(instance, observations))));
}

/** Evaluates one instance into stamped findings; never throws. */
export function evaluateInstance(instance: CheckInstance, observations: Observations, context: Pick<CollectContext, 'targetKind'>): Finding[] {
  const { check } = instance;
  const stamp = (draft: FindingDraft): Finding => ({ checkId: check.id, ...draft });
  const lacked = lackedCapability(check, context.targetKind);
  if (lacked) {
    return [
      stamp({ status: 'skipped', resource: { type: 'crisp::Check', id: check.id }, message: `Skipped: target lacks ${lacked.capability}: ${lacked.reason}.` }),
    ];
  }
  try {
    const findings = check.evaluate(observations, instance.params).map(stamp);
    // No check may pass by saying nothing: an instance that judged nothing is an error.
    return findings.length > 0 ? findings : [stamp(nothingToJudge(instance))];
  } catch (error) {
    if (error instanceof ObservationUnavailable) {
      const { request, failure } = error;
      return [
        stamp({
          status: failure.status,
          resource: { type: 'crisp::Observation', id: request.kind, account: request.account, region: request.region },
          message: `${failure.status === 'skipped' ? 'Skipped' : 'Could not evaluate'}: ${failure.reason} (account ${request.account}, Region ${request.region}).`,
        }),
      ];
    }
    return [
      stamp({ status: 'error', resource: { type: 'crisp::Check', id: check.id }, message: `The check failed while evaluating: ${(error as Error).message}` }),
    ];
  }
}

/** The error finding for an instance whose check returned no finding at all. */
function nothingToJudge(instance: CheckInstance): FindingDraft {
  return {
    status: 'error',
    resource: { type: 'crisp::Check', id: instance.check.id },
    message: `Nothing in scope to judge: ${instance.check.id} found no resource to judge in suite ${instance.suite}; check the suite's variables (the VPCs, accounts and Regions it names) — a check never passes by saying nothing.`,
  };
}

/** Rounds of derived requests after the first; each round may only use what earlier rounds observed. */
export const MAX_DERIVED_ROUNDS = 6;

/** Every account the suites name must have credentials in the target; an InputError naming those that do not. */
function checkAccountsConfigured(requests: readonly ObservationRequest[], context: CollectContext): void {
  const unconfigured = context.clients.unconfiguredAccounts(requests.filter(isApiRequest).map((request) => request.account));
  if (unconfigured.length > 0) {
    throw new InputError(
      `no credentials configured for account${unconfigured.length > 1 ? 's' : ''} ${unconfigured.join(', ')} in ${context.targetLabel}: add ${unconfigured.length > 1 ? 'them' : 'it'} under accounts: in the target file`,
    );
  }
}

/**
 * Runs the pipeline for a set of check instances against one target. `beforeReading` runs once
 * the plan is known to be readable (every account has credentials) and before the first call.
 */
export async function runChecks(
  instances: readonly CheckInstance[],
  context: CollectContext,
  into: Observations = new Observations(),
  beforeReading?: () => Promise<void>,
): Promise<EngineResult> {
  const requests = planRequests(instances, context);
  // Nothing is read until every account has credentials.
  checkAccountsConfigured(requests, context);
  await beforeReading?.();
  const { identities, unreachable, wrongAccount } = await identifyCallers(context, requests);
  /** Requests of accounts whose credentials reach another account are errors naming both, never read. */
  const refuseWrongAccounts = (batch: readonly ObservationRequest[]) => {
    for (const request of batch) {
      const problem = isApiRequest(request) ? wrongAccount.get(request.account) : undefined;
      if (problem && !into.has(request)) into.set(request, { ok: false, failure: { status: 'error', reason: problem } });
    }
  };
  if (unreachable) {
    // Nothing will answer; record why for every observation instead of timing out on each.
    for (const request of requests) into.set(request, { ok: false, failure: { status: 'error', reason: unreachable } });
  } else {
    refuseWrongAccounts(requests);
    await collect(context, requests, into);
    const identified = new Set(identities.map((identity) => identity.account));
    for (let round = 0; round < MAX_DERIVED_ROUNDS; round += 1) {
      const next = planProbes(instances, context, into).filter((request) => !into.has(request));
      if (next.length === 0) break;
      // Accounts first reached in this round (a zone's owner, a transit gateway's) are identified too
      // (not once the run is interrupted: collect() then records every request as not read).
      const fresh = await identifyCallers(context, context.interrupted?.aborted ? [] : next.filter((request) => !identified.has(request.account)));
      for (const identity of fresh.identities) {
        identities.push(identity);
        identified.add(identity.account);
      }
      for (const [account, problem] of fresh.wrongAccount) wrongAccount.set(account, problem);
      refuseWrongAccounts(next);
      await collect(context, next, into);
    }
  }
  const findings = instances.flatMap((instance) => evaluateInstance(instance, into, context));
  return unreachable ? { findings, observations: into, identities, unreachable } : { findings, observations: into, identities };
}
