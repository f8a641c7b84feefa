/**
 * DynamoDB collector: one table's protection — server-side encryption, deletion
 * protection and point-in-time recovery.
 */
import { DescribeContinuousBackupsCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { CollectContext } from './context.ts';
import type { DynamoTableView, ObservationRequest } from '../model/observations.ts';

/**
 * DescribeTable and DescribeContinuousBackups. PITR is read from
 * PointInTimeRecoveryStatus only: ContinuousBackupsStatus says ENABLED on every
 * table moto knows, PITR on or off. No SSEDescription (or a DISABLED one) means the
 * AWS-owned key.
 */
export async function collectDynamoDb(context: CollectContext, request: ObservationRequest<'dynamodb.table'>): Promise<DynamoTableView> {
  if (request.kind !== 'dynamodb.table') throw new Error(`no DynamoDB collector for ${request.kind}`);
  const tableName = request.args?.tableName;
  if (!tableName) throw new Error('dynamodb.table needs args.tableName');
  const client = context.clients.dynamoDb(request.account, request.region);
  const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  if (!table) throw new Error(`DescribeTable answered no table for ${tableName}`);
  const backups = (await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }))).ContinuousBackupsDescription;
  const sse = table.SSEDescription;
  const encrypted = sse && sse.Status !== 'DISABLED';
  const pitr = backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
  return {
    name: table.TableName ?? tableName,
    arn: table.TableArn ?? '',
    ...(encrypted && sse.SSEType ? { sseType: sse.SSEType } : {}),
    ...(encrypted && sse.KMSMasterKeyArn ? { kmsKeyArn: sse.KMSMasterKeyArn } : {}),
    deletionProtection: table.DeletionProtectionEnabled === true,
    ...(pitr ? { pointInTimeRecovery: pitr } : {}),
  };
}
