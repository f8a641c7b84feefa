import { defineCheck } from '../define.ts';
import { govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const tableRequest = (scope: ProxyScope) => govRequest(scope, 'dynamodb.table', { tableName: scope.auditTable });
const keyRequest = (scope: ProxyScope, keyId: string) => govRequest(scope, 'kms.key', { keyId });

export default defineCheck({
  id: 'proxy.audit-table-protected',
  title: 'The audit table is encrypted with a customer-managed key, recoverable to any point in time, and protected from deletion',
  severity: 'high',
  rationale:
    'The audit table is the complete record of who spent the commercial credential on what: without point-in-time recovery an overwrite or a bad deploy erases it, without deletion protection one API call removes it, and under the AWS-owned key its reads cannot be restricted or audited by key (Amazon DynamoDB Developer Guide, “Point-in-time recovery”, “Deletion protection”, “Encryption at rest”). Point-in-time recovery is read from its own status — ContinuousBackupsStatus says ENABLED even when it is off.',
  remediation: 'UpdateContinuousBackups with PointInTimeRecoveryEnabled, UpdateTable with DeletionProtectionEnabled, and SSE with a customer-managed KMS key.',
  params: proxyScopeSchema,
  needs: (scope) => [tableRequest(scope)],
  probes(scope, observations) {
    const table = observations.get(tableRequest(scope));
    return table.sseType === 'KMS' && table.kmsKeyArn ? [keyRequest(scope, table.kmsKeyArn)] : [];
  },
  evaluate(observations, scope) {
    const table = observations.get(tableRequest(scope));
    const resource = govResource(scope, 'AWS::DynamoDB::Table', table.arn, table.name);
    // DescribeTable names the AWS-managed aws/dynamodb key by its key ARN, like any other: only DescribeKey tells who manages it.
    const key = table.sseType === 'KMS' && table.kmsKeyArn ? observations.attempt(keyRequest(scope, table.kmsKeyArn)) : undefined;
    const problems = [
      ...(key === undefined
        ? ['it is encrypted with the AWS-owned key, not a customer-managed KMS key']
        : 'data' in key && key.data.keyManager !== 'CUSTOMER'
          ? [`its key ${key.data.arn} is managed by ${key.data.keyManager}, not the customer`]
          : []),
      ...(table.pointInTimeRecovery === 'ENABLED' ? [] : [`point-in-time recovery is ${table.pointInTimeRecovery ?? 'not reported'}`]),
      ...(table.deletionProtection ? [] : ['deletion protection is off']),
    ];
    const keyFailure = key !== undefined && 'failure' in key ? key.failure : undefined;
    const keyUnread = keyFailure ? `who manages its key ${table.kmsKeyArn} could not be read (${keyFailure.reason})` : undefined;
    const evidence = {
      sseType: table.sseType,
      kmsKeyArn: table.kmsKeyArn,
      keyManager: key && 'data' in key ? key.data.keyManager : undefined,
      pointInTimeRecovery: table.pointInTimeRecovery,
      deletionProtection: table.deletionProtection,
    };
    if (problems.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `Audit table ${table.arn}: ${problems.join('; ')}${keyUnread ? ` (and ${keyUnread})` : ''}.`,
          expected: 'CMK, PITR, deletion protection',
          actual: problems.join('; '),
          evidence,
        },
      ];
    if (keyFailure) return [{ status: keyFailure.status, resource, message: `Audit table ${table.arn}: ${keyUnread}.`, evidence }];
    return [
      {
        status: 'pass',
        resource,
        message: `Audit table ${table.arn} is encrypted with customer-managed key ${table.kmsKeyArn}, has point-in-time recovery and deletion protection.`,
        evidence,
      },
    ];
  },
});
