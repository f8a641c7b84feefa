import { defineCheck } from '../define.ts';
import { govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const tableRequest = (scope: ProxyScope) => govRequest(scope, 'dynamodb.table', { tableName: scope.auditTable });

export default defineCheck({
  id: 'proxy.audit-table-protected',
  title: 'The audit table is encrypted with a customer-managed key, recoverable to any point in time, and protected from deletion',
  severity: 'high',
  rationale:
    'The audit table is the complete record of who spent the commercial credential on what: without point-in-time recovery an overwrite or a bad deploy erases it, without deletion protection one API call removes it, and under the AWS-owned key its reads cannot be restricted or audited by key (Amazon DynamoDB Developer Guide, “Point-in-time recovery”, “Deletion protection”, “Encryption at rest”). Point-in-time recovery is read from its own status — ContinuousBackupsStatus says ENABLED even when it is off.',
  remediation: 'UpdateContinuousBackups with PointInTimeRecoveryEnabled, UpdateTable with DeletionProtectionEnabled, and SSE with a customer-managed KMS key.',
  params: proxyScopeSchema,
  needs: (scope) => [tableRequest(scope)],
  evaluate(observations, scope) {
    const table = observations.get(tableRequest(scope));
    const resource = govResource(scope, 'AWS::DynamoDB::Table', table.arn, table.name);
    const problems = [
      ...(table.sseType === 'KMS' && table.kmsKeyArn && !/alias\/aws\/dynamodb$/.test(table.kmsKeyArn)
        ? []
        : ['it is not encrypted with a customer-managed KMS key']),
      ...(table.pointInTimeRecovery === 'ENABLED' ? [] : [`point-in-time recovery is ${table.pointInTimeRecovery ?? 'not reported'}`]),
      ...(table.deletionProtection ? [] : ['deletion protection is off']),
    ];
    const evidence = {
      sseType: table.sseType,
      kmsKeyArn: table.kmsKeyArn,
      pointInTimeRecovery: table.pointInTimeRecovery,
      deletionProtection: table.deletionProtection,
    };
    return problems.length > 0
      ? [
          {
            status: 'fail',
            resource,
            message: `Audit table ${table.arn}: ${problems.join('; ')}.`,
            expected: 'CMK, PITR, deletion protection',
            actual: problems.join('; '),
            evidence,
          },
        ]
      : [
          {
            status: 'pass',
            resource,
            message: `Audit table ${table.arn} is encrypted with ${table.kmsKeyArn}, has point-in-time recovery and deletion protection.`,
            evidence,
          },
        ];
  },
});
