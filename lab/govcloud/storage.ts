/**
 * The proxy's stores in the GovCloud account: the customer-managed KMS key, the
 * secret holding the commercial credential, and the DynamoDB audit table — both
 * encrypted with the key, the table with point-in-time recovery and deletion
 * protection.
 */
import { CreateTableCommand, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../../harness/estate/clients.ts';
import { keyPolicy } from './policies.ts';
import { FAKE_COMMERCIAL_ACCESS_KEY_ID, FAKE_COMMERCIAL_BEDROCK_API_KEY, FAKE_COMMERCIAL_SECRET_ACCESS_KEY, NAMES, type GovCloudShape } from './shape.ts';

/** The customer-managed key. */
export interface ProxyKey {
  keyId: string;
  keyArn: string;
  alias: string;
}

/** Creates the CMK (key policy: the account root only), turns rotation on and names it. */
export async function provisionProxyKey(clients: AwsClients, account: string, region: string): Promise<ProxyKey> {
  const kms = clients.kms(account, region);
  const created = await kms.send(
    new CreateKeyCommand({
      Description: 'bedrock-proxy: commercial credential secret and audit table',
      Policy: JSON.stringify(keyPolicy(account, region)),
    }),
  );
  const keyId = created.KeyMetadata!.KeyId!;
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  await kms.send(new CreateAliasCommand({ AliasName: NAMES.keyAlias, TargetKeyId: keyId }));
  return { keyId, keyArn: created.KeyMetadata!.Arn!, alias: NAMES.keyAlias };
}

/** The secret as made. */
export interface CredentialSecret {
  name: string;
  arn: string;
  /** The KmsKeyId given (the CMK's ARN), or undefined for the AWS-managed key. */
  kmsKeyId?: string;
}

/** The secret's value: the lab's fake commercial credentials — the Bedrock API key the proxy calls with, and an access key pair (never moto's real key). */
export function fakeCredentialValue(region: string): string {
  return JSON.stringify({
    bedrockApiKey: FAKE_COMMERCIAL_BEDROCK_API_KEY,
    accessKeyId: FAKE_COMMERCIAL_ACCESS_KEY_ID,
    secretAccessKey: FAKE_COMMERCIAL_SECRET_ACCESS_KEY,
    region,
  });
}

/** Stores the commercial credential, encrypted with the CMK or (fault) the AWS-managed key. */
export async function provisionCredentialSecret(
  clients: AwsClients,
  account: string,
  region: string,
  key: ProxyKey,
  shape: Pick<GovCloudShape, 'secretKey'>,
  commercialRegion: string,
): Promise<CredentialSecret> {
  // The full key ARN, not the alias: moto echoes KmsKeyId unresolved, and an ARN is what a check can compare.
  const kmsKeyId = shape.secretKey === 'cmk' ? key.keyArn : undefined;
  const created = await clients.secretsManager(account, region).send(
    new CreateSecretCommand({
      Name: NAMES.secret,
      Description: 'Commercial-partition credential the Bedrock proxy calls Bedrock with',
      SecretString: fakeCredentialValue(commercialRegion),
      ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
    }),
  );
  return { name: NAMES.secret, arn: created.ARN!, ...(kmsKeyId ? { kmsKeyId } : {}) };
}

/** The audit table as made. */
export interface AuditTable {
  name: string;
  arn: string;
}

/** Creates the audit table (hash key requestId), SSE with the CMK, deletion protection, and PITR per the shape. */
export async function provisionAuditTable(
  clients: AwsClients,
  account: string,
  region: string,
  key: ProxyKey,
  shape: Pick<GovCloudShape, 'pointInTimeRecovery'>,
): Promise<AuditTable> {
  const dynamoDb = clients.dynamoDb(account, region);
  const created = await dynamoDb.send(
    new CreateTableCommand({
      TableName: NAMES.auditTable,
      AttributeDefinitions: [{ AttributeName: 'requestId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'requestId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: key.keyArn },
      DeletionProtectionEnabled: true,
    }),
  );
  // PITR has no CreateTable parameter; it is switched on afterwards, as on AWS.
  if (shape.pointInTimeRecovery) {
    await dynamoDb.send(
      new UpdateContinuousBackupsCommand({ TableName: NAMES.auditTable, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    );
  }
  return { name: NAMES.auditTable, arn: created.TableDescription!.TableArn! };
}
