/** CloudWatch Logs collector: one log group by exact name (its retention and key), or that it does not exist. */
import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import type { ObservationCatalog, ObservationRequest } from '../model/observations.ts';

/** DescribeLogGroups by name prefix, keeping the group whose name is exactly the one asked for. */
export async function collectLogs(context: CollectContext, request: ObservationRequest<'logs.logGroup'>): Promise<ObservationCatalog['logs.logGroup']> {
  const name = request.args?.logGroupName ?? '';
  const client = context.clients.logs(request.account, request.region);
  const groups = await drain(paginateDescribeLogGroups({ client }, { logGroupNamePrefix: name }), (page) => page.logGroups);
  const group = groups.find((candidate) => candidate.logGroupName === name);
  if (!group) return { exists: false, name };
  return {
    exists: true,
    name,
    ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
    ...(group.kmsKeyId ? { kmsKeyId: group.kmsKeyId } : {}),
  };
}
