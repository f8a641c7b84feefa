/**
 * The policy documents of the proxy estate, as pure functions of ARNs and the
 * shape: the CMK's key policy, the function role's trust and permissions, the
 * API's resource policy and the commercial user's Bedrock grant.
 */
import { partitionOf } from '../../harness/model/partition.ts';
import type { GovCloudShape } from './shape.ts';

/** An IAM policy document (only what the lab writes). */
export interface PolicyDocument {
  Version: '2012-10-17';
  Id?: string;
  Statement: Record<string, unknown>[];
}

/** The ARN of an account's root principal in the partition of a Region. */
export function accountRootArn(account: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:root`;
}

/** The key policy: only the account root (so IAM policies in the account decide; no other account, no `*`). */
export function keyPolicy(account: string, region: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'bedrock-proxy-key',
    Statement: [{ Sid: 'AccountRootOnly', Effect: 'Allow', Principal: { AWS: accountRootArn(account, region) }, Action: 'kms:*', Resource: '*' }],
  };
}

/** The function role's trust policy: Lambda only. */
export function lambdaTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/** What the function role's policy is scoped to. */
export interface FunctionGrants {
  region: string;
  secretArn: string;
  tableArn: string;
  keyArn: string;
  logGroupArn: string;
}

/**
 * The function role's permissions: read its one secret, write audit items, write
 * its logs. Decrypting with the CMK is allowed only via Secrets Manager, because a
 * CMK-encrypted secret cannot be read without kms:Decrypt on the key.
 */
export function functionRolePolicy(grants: FunctionGrants, shape: Pick<GovCloudShape, 'roleSecretsWildcard'>): PolicyDocument {
  const secrets = shape.roleSecretsWildcard
    ? { Sid: 'ReadCommercialCredential', Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }
    : { Sid: 'ReadCommercialCredential', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: grants.secretArn };
  return {
    Version: '2012-10-17',
    Statement: [
      secrets,
      {
        Sid: 'DecryptCredentialViaSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: grants.keyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${grants.region}.amazonaws.com` } },
      },
      { Sid: 'WriteAuditItems', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: grants.tableArn },
      { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${grants.logGroupArn}:*` },
    ],
  };
}

/** The API's resource policy: only principals of the GovCloud account may invoke it. */
export function apiResourcePolicy(account: string, region: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'GovAccountOnly', Effect: 'Allow', Principal: { AWS: accountRootArn(account, region) }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ],
  };
}

/** The commercial Bedrock model ARNs of the allowed models. */
export function foundationModelArns(region: string, modelIds: readonly string[]): string[] {
  return modelIds.map((modelId) => `arn:${partitionOf(region)}:bedrock:${region}::foundation-model/${modelId}`);
}

/**
 * The commercial user's policy: invoke (and stream) only the allowed models.
 * `bedrock:CallWithBearerToken` lets the same identity use a Bedrock API key if
 * the proxy is switched to one; it grants no model by itself.
 */
export function commercialUserPolicy(region: string, modelIds: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'InvokeAllowedModels',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: foundationModelArns(region, modelIds),
      },
      { Sid: 'BearerToken', Effect: 'Allow', Action: 'bedrock:CallWithBearerToken', Resource: '*' },
    ],
  };
}
