import type { FindingDraft } from '../../model/findings.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { statementsOf } from '../../policy/statement.ts';
import type { PolicyDocument, PolicyRequest } from '../../policy/types.ts';
import { defineCheck } from '../define.ts';
import { govPartition, govRequest, govResource, methodArn, outsidersOf, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const apiRequest = (scope: ProxyScope) => govRequest(scope, 'apigateway.restApi', { restApiId: scope.restApiId });

/**
 * The policy with API Gateway's abbreviated resources (`execute-api:/stage/METHOD/path`)
 * written out as the full ARNs AWS saves them as — moto (and an imported OpenAPI
 * document read back elsewhere) keeps the short form, which no ARN would match.
 */
function expandShorthand(scope: ProxyScope, document: PolicyDocument): PolicyDocument {
  const prefix = `arn:${govPartition(scope)}:execute-api:${scope.govRegion}:${scope.govAccountId}:${scope.restApiId}/`;
  const expand = (value: unknown) => (typeof value === 'string' && value.startsWith('execute-api:/') ? prefix + value.slice('execute-api:/'.length) : value);
  const expandAll = (value: unknown) => (Array.isArray(value) ? value.map(expand) : expand(value));
  return {
    ...document,
    Statement: statementsOf(document).map((statement) => ({
      ...statement,
      ...(statement.Resource !== undefined ? { Resource: expandAll(statement.Resource) as string | string[] } : {}),
      ...(statement.NotResource !== undefined ? { NotResource: expandAll(statement.NotResource) as string | string[] } : {}),
    })),
  };
}

export default defineCheck({
  id: 'proxy.api-resource-policy',
  title: 'The proxy API’s resource policy, when it has one, does not open the API to anonymous callers or other accounts',
  severity: 'high',
  rationale:
    'A resource policy is the API’s own allow-list: one that grants execute-api:Invoke to `*` without a condition, or to another account, widens who can reach the proxy beyond the agency’s account — judged here with the same evaluation logic AWS applies (Amazon API Gateway Developer Guide, “Controlling access with API Gateway resource policies”).',
  remediation:
    'Limit execute-api:Invoke to the GovCloud account (or specific roles), or to calls through a named VPC endpoint (aws:SourceVpce), and deny the rest.',
  params: proxyScopeSchema,
  needs: (scope) => [apiRequest(scope)],
  evaluate(observations, scope) {
    const api = observations.get(apiRequest(scope));
    const resource = govResource(scope, 'AWS::ApiGateway::RestApi', scope.restApiId, api.name);
    if (api.policyUnreadable)
      return [
        {
          status: 'error',
          resource,
          message: `The resource policy of API ${scope.restApiId} could not be parsed (${api.policyUnreadable}), so who may invoke it is unknown.`,
        },
      ];
    if (api.policy === undefined)
      return [
        {
          status: 'not_applicable',
          resource,
          message: `API ${scope.restApiId} has no resource policy; access rests on its methods' authentication (proxy.api-requires-auth).`,
        },
      ];
    const target = methodArn(scope, 'POST', '/v1/bedrock/invoke-model');
    const policy = { name: `resource policy of ${scope.restApiId}`, document: expandShorthand(scope, api.policy as PolicyDocument) };
    const cases: { label: string; request: PolicyRequest }[] = [
      {
        label: 'an anonymous caller',
        request: { principal: '', principalType: 'Anonymous', action: 'execute-api:Invoke', resource: target, context: { 'aws:SecureTransport': 'true' } },
      },
      ...outsidersOf(policy.document, scope.govAccountId, govPartition(scope)).map((outsider) => ({
        label: outsider.label,
        request: {
          principal: outsider.principal,
          action: 'execute-api:Invoke',
          resource: target,
          resourceAccount: scope.govAccountId,
          context: outsider.context,
        },
      })),
    ];
    const allowing = cases
      .map((entry) => {
        // The outsider's own account allows everything: only this policy stands between it and the API.
        const verdict = evaluate(entry.request, {
          identity: [{ name: 'allow-all', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
          resource: policy,
        });
        return { ...entry, verdict };
      })
      .filter((entry) => entry.verdict.decision === 'Allow');
    const evidence = { policy: api.policy, cases: allowing.map((entry) => ({ case: entry.label, reason: entry.verdict.reason })) };
    const finding: FindingDraft =
      allowing.length === 0
        ? {
            status: 'pass',
            resource,
            message: `The resource policy of API ${scope.restApiId} lets neither an anonymous caller nor another account invoke ${target}.`,
            evidence,
          }
        : {
            status: 'fail',
            resource,
            message: `The resource policy of API ${scope.restApiId} lets ${allowing.map((entry) => `${entry.label} invoke it (${entry.verdict.reason})`).join('; and ')}.`,
            expected: 'Deny',
            actual: 'Allow',
            evidence,
          };
    return [finding];
  },
});
