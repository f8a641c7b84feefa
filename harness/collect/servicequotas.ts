/** Service Quotas collector: every quota of one service in an account and Region, paged. */
import { ListServiceQuotasCommand } from '@aws-sdk/client-service-quotas';
import type { CollectContext } from './context.ts';
import { TargetLacks } from './failure.ts';
import type { ObservationCatalog, ObservationRequest } from './observations.ts';

export async function collectServiceQuotas(
  context: CollectContext,
  request: ObservationRequest<'servicequotas.quotas'>,
): Promise<ObservationCatalog['servicequotas.quotas']> {
  const serviceCode = request.args?.serviceCode;
  const client = context.clients.serviceQuotas(request.account, request.region);
  const quotas: ObservationCatalog['servicequotas.quotas']['quotas'] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListServiceQuotasCommand({ ServiceCode: serviceCode, NextToken: nextToken }));
    quotas.push(
      ...(page.Quotas ?? []).map((quota) => ({
        code: quota.QuotaCode ?? '',
        name: quota.QuotaName ?? '',
        value: quota.Value ?? 0,
        ...(quota.Unit ? { unit: quota.Unit } : {}),
      })),
    );
    nextToken = page.NextToken;
  } while (nextToken);
  // Real accounts always have Bedrock quotas; an emulator answering none simply lacks them.
  if (quotas.length === 0 && context.targetKind !== 'aws') throw new TargetLacks(`${context.targetKind} has no Service Quotas for ${serviceCode}`);
  return { quotas };
}
