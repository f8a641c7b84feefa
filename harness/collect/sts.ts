/**
 * STS: who crisp runs as in each account a plan reads. The first call a run makes;
 * a connection failure here means the target is unreachable, so the engine records
 * that once for every observation instead of timing out on each.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ObservationRequest } from '../model/observations.ts';
import type { CallerIdentity } from '../model/results.ts';
import type { CollectContext } from './context.ts';
import { classifyFailure, connectionErrorCode } from './failure.ts';

/** Asks STS who we are in each account; a connection failure means the target is unreachable. */
export async function identifyCallers(
  context: CollectContext,
  requests: readonly ObservationRequest[],
): Promise<{ identities: CallerIdentity[]; unreachable?: string }> {
  const regionOf = new Map<string, string>();
  for (const request of requests) {
    // Only AWS APIs need an identity; probes and settings do not.
    if (request.kind.startsWith('probe.') || request.kind.startsWith('target.') || request.kind.startsWith('baseline.') || request.kind.startsWith('run.'))
      continue;
    if (!regionOf.has(request.account)) regionOf.set(request.account, request.region);
  }
  const identities: CallerIdentity[] = [];
  let unreachable: string | undefined;
  for (const [account, region] of [...regionOf.entries()].sort()) {
    context.progress(`identifying caller in account ${account}`);
    try {
      const identity = await context.clients.sts(account, region).send(new GetCallerIdentityCommand({}));
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
  return unreachable ? { identities, unreachable } : { identities };
}
