/**
 * STS: who crisp runs as in each account a plan reads. The first call a run makes;
 * a connection failure here means the target is unreachable, so the engine records
 * that once for every observation instead of timing out on each.
 */
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { ObservationRequest } from '../model/observations.ts';
import type { CallerIdentity } from '../model/results.ts';
import type { CollectContext } from './context.ts';
import { COLLECT_CONCURRENCY } from './collect.ts';
import { inPool } from './pool.ts';
import { classifyFailure, connectionErrorCode } from './failure.ts';

/** True for requests answered by an AWS API (probes, target settings, baselines and the run clock need no identity). */
export function isApiRequest(request: ObservationRequest): boolean {
  return !/^(probe|target|baseline|run)\./.test(request.kind);
}

/**
 * Asks STS who we are in each account; a connection failure means the target is
 * unreachable. Credentials that reach another account than the one asked for are
 * named in `wrongAccount`: nothing may be read through them as if it were that account.
 */
export async function identifyCallers(
  context: CollectContext,
  requests: readonly ObservationRequest[],
): Promise<{ identities: CallerIdentity[]; unreachable?: string; wrongAccount: Map<string, string> }> {
  const regionOf = new Map<string, string>();
  for (const request of requests) {
    if (!isApiRequest(request)) continue;
    if (!regionOf.has(request.account)) regionOf.set(request.account, request.region);
  }
  const identities: CallerIdentity[] = [];
  const wrongAccount = new Map<string, string>();
  let unreachable: string | undefined;
  // Asked of several accounts at once (each is a round trip on the run's critical path), at most
  // COLLECT_CONCURRENCY in flight, then judged in account order.
  const accounts = [...regionOf.entries()].sort();
  // Settled per account: a client that cannot even be made for one (a throw) is that account's error.
  const answers: PromiseSettledResult<GetCallerIdentityCommandOutput>[] = new Array(accounts.length);
  await inPool(accounts, COLLECT_CONCURRENCY, async ([account, region], index) => {
    context.progress(`identifying caller in account ${account}`);
    try {
      answers[index] = { status: 'fulfilled', value: await context.clients.sts(account, region).send(new GetCallerIdentityCommand({})) };
    } catch (reason) {
      answers[index] = { status: 'rejected', reason };
    }
  });
  for (const [index, [account]] of accounts.entries()) {
    try {
      const answer = answers[index]!;
      if (answer.status === 'rejected') throw answer.reason;
      const identity = answer.value;
      if (identity.Account && identity.Account !== account) {
        const problem = `the credentials configured for account ${account} reach account ${identity.Account} (${identity.Arn ?? 'unknown caller'}); fix the target's accounts entry for ${account}`;
        wrongAccount.set(account, problem);
        identities.push({ account, ...(identity.Arn ? { arn: identity.Arn } : {}), error: problem });
        continue;
      }
      identities.push({ account, arn: identity.Arn });
    } catch (error) {
      const code = connectionErrorCode(error);
      if (code) {
        unreachable = `cannot reach ${context.targetLabel}: ${code}`;
        identities.push({ account, error: unreachable });
        break;
      }
      identities.push({ account, error: classifyFailure(error, 'sts:GetCallerIdentity', context.targetKind, context.targetLabel).reason });
    }
  }
  return unreachable ? { identities, unreachable, wrongAccount } : { identities, wrongAccount };
}
