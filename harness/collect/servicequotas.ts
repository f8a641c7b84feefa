/** Service Quotas collector: every quota of one service in an account and Region, paged. */
import { paginateListServiceQuotas } from '@aws-sdk/client-service-quotas';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import { TargetLacks } from './failure.ts';
import type { ObservationCatalog, ObservationRequest } from '../model/observations.ts';

export async function collectServiceQuotas(
  context: CollectContext,
  request: ObservationRequest<'servicequotas.quotas'>,
): Promise<ObservationCatalog['servicequotas.quotas']> {
  const serviceCode = request.args?.serviceCode;
  const client = context.clients.serviceQuotas(request.account, request.region);
  const quotas = (await drain(paginateListServiceQuotas({ client }, { ServiceCode: serviceCode }), (page) => page.Quotas)).map((quota) => ({
    code: quota.QuotaCode ?? '',
    name: quota.QuotaName ?? '',
    value: quota.Value ?? 0,
    ...(quota.Unit ? { unit: quota.Unit } : {}),
  }));
  // Real accounts always have Bedrock quotas; an emulator answering none simply lacks them.
  if (quotas.length === 0 && context.targetKind !== 'aws') throw new TargetLacks(`${context.targetKind} has no Service Quotas for ${serviceCode}`);
  return { quotas };
}
