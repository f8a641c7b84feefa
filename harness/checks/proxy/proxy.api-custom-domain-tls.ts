import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const domainsRequest = (scope: ProxyScope) => govRequest(scope, 'apigateway.domains');

/** Security policies that refuse TLS 1.0 and 1.1 (API Gateway names them TLS_1_2 and the newer SecurityPolicy_TLS13_… family). */
const modern = (policy: string | undefined) => policy !== undefined && (policy === 'TLS_1_2' || /TLS1[23]|TLS_1_3|TLS13/i.test(policy));

export default defineCheck({
  id: 'proxy.api-custom-domain-tls',
  title: 'Every custom domain that serves the proxy API requires TLS 1.2 or later',
  severity: 'high',
  rationale:
    'A custom domain carries its own TLS security policy; TLS_1_0 lets clients negotiate protocol versions that FedRAMP and agency policy no longer accept, whatever the execute-api endpoint enforces (Amazon API Gateway Developer Guide, “Choose a security policy for your custom domain”).',
  remediation: 'Set the custom domain’s securityPolicy to TLS_1_2 (or a TLS 1.3 policy).',
  params: proxyScopeSchema,
  needs: (scope) => [domainsRequest(scope)],
  evaluate(observations, scope) {
    const { domains } = observations.get(domainsRequest(scope));
    const serving = domains.filter((domain) => domain.mappings.some((mapping) => mapping.restApiId === scope.restApiId));
    if (serving.length === 0)
      return [
        {
          status: 'not_applicable',
          resource: govResource(scope, 'AWS::ApiGateway::DomainName', `custom domains of ${scope.restApiId}`),
          message: `No custom domain maps to API ${scope.restApiId}; only its execute-api endpoint serves it (judged live by proxy.live-tls when proxy_url is set).`,
        },
      ];
    return serving.map((domain): FindingDraft => {
      const resource = govResource(scope, 'AWS::ApiGateway::DomainName', domain.domainName);
      return modern(domain.securityPolicy)
        ? {
            status: 'pass',
            resource,
            message: `${domain.domainName} serves API ${scope.restApiId} with security policy ${domain.securityPolicy}.`,
            evidence: domain,
          }
        : {
            status: 'fail',
            resource,
            message: `${domain.domainName} serves API ${scope.restApiId} with security policy ${domain.securityPolicy ?? '(none stated)'}: TLS 1.2 or later is not required.`,
            expected: 'TLS_1_2',
            actual: domain.securityPolicy ?? 'none',
            evidence: domain,
          };
    });
  },
});
