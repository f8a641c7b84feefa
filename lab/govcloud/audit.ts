/**
 * The proxy's audit record: one DynamoDB item per forwarded request, written
 * through the SDK into the estate's audit table. It names the API key by id,
 * never by value, and holds no prompt or answer.
 */
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AwsClients } from '../../harness/estate/clients.ts';

/** One audited request. */
export interface AuditRecord {
  requestId: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  modelId: string;
  /** The status Bedrock answered with. */
  status: number;
  /** The id of the API key the caller presented (absent when the method needs none). */
  apiKeyId?: string;
}

/** Where audit items go. */
export interface AuditDestination {
  account: string;
  region: string;
  table: string;
}

/** The DynamoDB item of a record. */
export function auditItem(record: AuditRecord): Record<string, AttributeValue> {
  return {
    requestId: { S: record.requestId },
    timestamp: { S: record.timestamp },
    modelId: { S: record.modelId },
    status: { N: String(record.status) },
    ...(record.apiKeyId ? { apiKeyId: { S: record.apiKeyId } } : {}),
  };
}

/** Writes a record; a request id is written once (a retry must not overwrite the first record). */
export async function writeAuditRecord(clients: AwsClients, destination: AuditDestination, record: AuditRecord): Promise<void> {
  await clients.dynamoDb(destination.account, destination.region).send(
    new PutItemCommand({
      TableName: destination.table,
      Item: auditItem(record),
      ConditionExpression: 'attribute_not_exists(requestId)',
    }),
  );
}
