import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { govRequest, govResource, methodArn, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const resourcesRequest = (scope: ProxyScope) => govRequest(scope, 'apigateway.resources', { restApiId: scope.restApiId });
const plansRequest = (scope: ProxyScope) => govRequest(scope, 'apigateway.usagePlans');

/** Authorisers that authenticate the caller before the integration runs. */
const AUTHENTICATING = new Set(['AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']);

export default defineCheck({
  id: 'proxy.api-requires-auth',
  title: 'Every method of the proxy API authenticates its caller: an API key enforced by a usage plan, IAM, or an authorizer',
  severity: 'critical',
  rationale:
    'The proxy holds a commercial-partition credential and spends it for whoever calls: one method open without authentication lets anyone who reaches the API invoke commercial Bedrock on the agency’s account, unaudited by identity. API keys count only when a usage plan covers the stage (API Gateway rejects or ignores them otherwise) (Amazon API Gateway Developer Guide, “Usage plans and API keys”, “Control access to a REST API”).',
  remediation:
    'Set apiKeyRequired on every method and attach the stage to a usage plan holding the client keys — or use AWS_IAM or a Lambda/Cognito authorizer; redeploy the stage.',
  params: proxyScopeSchema,
  needs: (scope) => [resourcesRequest(scope), plansRequest(scope)],
  evaluate(observations, scope) {
    const { resources } = observations.get(resourcesRequest(scope));
    const { plans } = observations.get(plansRequest(scope));
    const covering = plans.filter((plan) => plan.apiStages.some((stage) => stage.apiId === scope.restApiId && stage.stage === scope.stageName));
    const keyed = covering.filter((plan) => plan.keyCount > 0);
    const findings: FindingDraft[] = [];
    for (const resource of resources) {
      for (const method of resource.methods) {
        const id = `${method.httpMethod} ${resource.path}`;
        const where = govResource(scope, 'AWS::ApiGateway::Method', `${scope.restApiId}/${method.httpMethod}${resource.path}`, id);
        const evidence = { authorizationType: method.authorizationType, apiKeyRequired: method.apiKeyRequired, usagePlans: covering.map((plan) => plan.id) };
        if (AUTHENTICATING.has(method.authorizationType)) {
          findings.push({
            status: 'pass',
            resource: where,
            message: `${id} on API ${scope.restApiId} authenticates callers with ${method.authorizationType}${method.apiKeyRequired ? ' and an API key' : ''}.`,
            evidence,
          });
        } else if (method.apiKeyRequired && keyed.length > 0) {
          findings.push({
            status: 'pass',
            resource: where,
            message: `${id} on API ${scope.restApiId} requires an API key, enforced by usage plan ${keyed.map((plan) => plan.name ?? plan.id).join(', ')} on stage ${scope.stageName}.`,
            evidence,
          });
        } else if (method.apiKeyRequired) {
          findings.push({
            status: 'fail',
            resource: where,
            message: `${id} on API ${scope.restApiId} (${methodArn(scope, method.httpMethod, resource.path)}) requires an API key, but no usage plan ${covering.length === 0 ? `covers stage ${scope.stageName}` : 'covering the stage holds a key'}: the key requirement is not enforced as intended.`,
            expected: 'a usage plan with keys on the stage',
            actual: covering.length === 0 ? 'no usage plan' : 'no key in the plan',
            evidence,
          });
        } else {
          findings.push({
            status: 'fail',
            resource: where,
            message: `${id} on API ${scope.restApiId} (${methodArn(scope, method.httpMethod, resource.path)}) takes requests without authentication (authorizationType ${method.authorizationType}, no API key required): anyone who reaches the API spends the commercial credential.`,
            expected: 'API key, AWS_IAM or an authorizer',
            actual: `${method.authorizationType}, apiKeyRequired false`,
            evidence,
          });
        }
      }
    }
    if (findings.length === 0)
      findings.push({
        status: 'fail',
        resource: govResource(scope, 'AWS::ApiGateway::RestApi', scope.restApiId),
        message: `API ${scope.restApiId} has no methods: there is no proxy to judge.`,
      });
    return findings;
  },
});
