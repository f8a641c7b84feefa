import type { FindingDraft } from '../../model/findings.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { ContextValue, PolicyRequest } from '../../policy/types.ts';
import { defineCheck } from '../define.ts';
import { organizationChains, policySetFor } from '../iam/governance-scope.ts';
import { principalContext } from '../iam/request-context.ts';
import { clockRequest, govPartition, govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const functionRequest = (scope: ProxyScope) => govRequest(scope, 'lambda.function', { functionName: scope.functionName });
const secretRequest = (scope: ProxyScope) => govRequest(scope, 'secretsmanager.secret', { secretId: scope.secretId });
const tableRequest = (scope: ProxyScope) => govRequest(scope, 'dynamodb.table', { tableName: scope.auditTable });
const authorizationRequest = (scope: ProxyScope) => govRequest(scope, 'iam.authorizationDetails');
const organizationRequest = (scope: ProxyScope) => govRequest(scope, 'organizations.path');

/** What the execution role must and must not be able to do. */
function casesFor(
  scope: ProxyScope,
  roleArn: string,
  context: Record<string, ContextValue>,
  secretArn: string,
  tableArn: string,
): { label: string; request: PolicyRequest; expect: 'Allow' | 'Deny' }[] {
  const partition = govPartition(scope);
  const at = `${scope.govRegion}:${scope.govAccountId}`;
  const ask = (action: string, resource: string, extra: Partial<PolicyRequest> = {}): PolicyRequest => ({
    principal: roleArn,
    action,
    resource,
    context: { ...context, 'aws:RequestedRegion': scope.govRegion },
    ...extra,
  });
  // "Any resource": a grant on some ARN pattern (bedrock:* on foundation-model/*) allows the action as surely as one on `*`.
  const anywhere = (action: string) => ask(action, '*', { wildcardResource: true });
  return [
    { label: 'read its own secret', request: ask('secretsmanager:GetSecretValue', secretArn), expect: 'Allow' },
    { label: 'write its audit item', request: ask('dynamodb:PutItem', tableArn), expect: 'Allow' },
    {
      label: 'read any other secret',
      request: ask('secretsmanager:GetSecretValue', `arn:${partition}:secretsmanager:${at}:secret:crisp-probe-other-AbCdEf`),
      expect: 'Deny',
    },
    { label: 'change the secret', request: ask('secretsmanager:PutSecretValue', secretArn), expect: 'Deny' },
    { label: 'write any other table', request: ask('dynamodb:PutItem', `arn:${partition}:dynamodb:${at}:table/crisp-probe-other`), expect: 'Deny' },
    { label: 'delete audit items', request: ask('dynamodb:DeleteItem', tableArn), expect: 'Deny' },
    { label: 'call Bedrock itself', request: anywhere('bedrock:InvokeModel'), expect: 'Deny' },
    { label: 'pass roles', request: anywhere('iam:PassRole'), expect: 'Deny' },
    { label: 'act on anything else', request: anywhere('ec2:RunInstances'), expect: 'Deny' },
  ];
}

export default defineCheck({
  id: 'proxy.lambda-role-least-privilege',
  title: 'The proxy function’s role can read its one secret and write its audit table — and nothing else, Bedrock included',
  severity: 'critical',
  rationale:
    'The role holds the keys to the commercial partition: secretsmanager:* or a wildcard resource lets a compromised function read every secret in the account, write access beyond PutItem lets it rewrite the audit trail, and any bedrock or `*` permission makes it more than a proxy. Judged with crisp’s IAM engine against the role’s policies, boundary and SCPs (IAM User Guide, “Apply least-privilege permissions”; AWS Lambda Developer Guide, “Execution role”).',
  remediation:
    'Grant secretsmanager:GetSecretValue on the secret’s ARN and dynamodb:PutItem on the audit table’s ARN only (plus CloudWatch Logs writes); remove wildcards.',
  params: proxyScopeSchema,
  needs: (scope) => [
    functionRequest(scope),
    secretRequest(scope),
    tableRequest(scope),
    authorizationRequest(scope),
    organizationRequest(scope),
    clockRequest(scope),
  ],
  evaluate(observations, scope) {
    const fn = observations.get(functionRequest(scope));
    const secret = observations.get(secretRequest(scope));
    const table = observations.get(tableRequest(scope));
    const role = observations.get(authorizationRequest(scope)).principals.find((principal) => principal.arn === fn.role);
    const resource = govResource(scope, 'AWS::IAM::Role', fn.role, fn.role.split('/').pop());
    if (!role)
      return [
        { status: 'error', resource, message: `The execution role ${fn.role} of ${fn.arn} is not among the IAM principals of account ${scope.govAccountId}.` },
      ];
    if (role.unreadablePolicies)
      return [
        {
          status: 'error',
          resource,
          message: `Cannot judge ${fn.role}: the document of ${role.unreadablePolicies.join(', ')} could not be read, and it could grant more.`,
        },
      ];
    const organization = observations.get(organizationRequest(scope));
    const policies = policySetFor(role, organizationChains(organization));
    // The function calls as a session of its role: the context AWS fills for it (tags, organization, the run's clock).
    const context = principalContext({ principal: role, organization, now: observations.get(clockRequest(scope)).now });
    const results = casesFor(scope, fn.role, context, secret.arn, table.arn).map((entry) => ({
      entry,
      verdict: evaluate(entry.request, policies(entry.request.resource)),
    }));
    const wrong = results.filter(({ entry, verdict }) => (entry.expect === 'Allow') !== (verdict.decision === 'Allow'));
    const evidence = {
      cases: results.map(({ entry, verdict }) => ({
        case: entry.label,
        action: entry.request.action,
        resource: entry.request.resource,
        expected: entry.expect,
        decision: verdict.decision,
        reason: verdict.reason,
      })),
    };
    if (wrong.length === 0)
      return [
        {
          status: 'pass',
          resource,
          message: `${fn.role} can read ${secret.name} and write ${scope.auditTable}, and none of the ${results.length - 2} wider requests crisp asked is allowed.`,
          evidence,
        },
      ];
    const finding: FindingDraft = {
      status: 'fail',
      resource,
      message: `${fn.role}: ${wrong.map(({ entry, verdict }) => `${entry.expect === 'Allow' ? 'cannot' : 'can'} ${entry.label} (${entry.request.action} on ${entry.request.resource}) — ${verdict.reason}`).join('; ')}.`,
      expected: 'only its secret and its audit table',
      actual: wrong.map(({ entry }) => entry.label).join(', '),
      evidence,
    };
    return [finding];
  },
});
