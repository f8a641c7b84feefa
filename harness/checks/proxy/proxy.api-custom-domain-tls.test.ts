/**
 * Table test for proxy.api-custom-domain-tls with custom domains as GetDomainNames
 * and GetBasePathMappings return them. Proves: TLS_1_2 (and the newer TLS 1.3
 * policies) pass naming the domain; TLS_1_0 and an absent policy fail; a domain
 * mapped to another API is ignored; no domain mapped to the API is not
 * applicable; an unreadable listing is an error.
 */
import { describe, expect, test } from 'vitest';
import { evaluateInstance } from '../../engine/engine.ts';
import type { CustomDomains, Observations } from '../../model/observations.ts';
import check from './proxy.api-custom-domain-tls.ts';
import { API_ID, failed, GOV, GOV_REGION, observe, proxyScope, STAGE } from './proxy-fixture.ts';

const scope = proxyScope();
const run = (observations: Observations) =>
  evaluateInstance({ check, params: scope, guard: false, suite: 't', location: { file: 't' } }, observations, { targetKind: 'aws' });

const DOMAIN = 'bedrock-proxy.gov.example';
const domain = (securityPolicy: string | undefined, restApiId = API_ID, domainName = DOMAIN): CustomDomains['domains'][number] => ({
  domainName,
  ...(securityPolicy ? { securityPolicy } : {}),
  endpointTypes: ['REGIONAL'],
  mappings: [{ basePath: '(none)', restApiId, stage: STAGE }],
});
const withDomains = (...domains: CustomDomains['domains']) => observe(scope, (estate) => (estate.domains = { domains }));

describe(check.id, () => {
  test('clean: the domain serving the API with TLS_1_2 passes, naming the domain, the API and the policy', () => {
    expect(run(observe(scope))).toEqual([
      expect.objectContaining({
        status: 'pass',
        resource: expect.objectContaining({ type: 'AWS::ApiGateway::DomainName', id: DOMAIN, account: GOV, region: GOV_REGION }),
        message: `${DOMAIN} serves API ${API_ID} with security policy TLS_1_2.`,
      }),
    ]);
  });

  test('a TLS 1.3 security policy passes', () => {
    expect(run(withDomains(domain('SecurityPolicy_TLS13_1_3_2025_09')))).toEqual([expect.objectContaining({ status: 'pass' })]);
  });

  test('fault: TLS_1_0 fails, naming the domain and the policy', () => {
    const [finding] = run(withDomains(domain('TLS_1_0')));
    expect(finding).toMatchObject({
      status: 'fail',
      message: `${DOMAIN} serves API ${API_ID} with security policy TLS_1_0: TLS 1.2 or later is not required.`,
      expected: 'TLS_1_2',
      actual: 'TLS_1_0',
    });
  });

  test('fault: a domain whose security policy is not stated fails (never assumed modern)', () => {
    const [finding] = run(withDomains(domain(undefined)));
    expect(finding).toMatchObject({ status: 'fail', actual: 'none', message: expect.stringContaining('with security policy (none stated)') });
  });

  test('a TLS_1_0 domain mapped to another API is ignored; only the API’s own domain is judged', () => {
    const findings = run(withDomains(domain('TLS_1_0', 'zz9y8x7w6v', 'other.gov.example'), domain('TLS_1_2')));
    expect(findings.map((finding) => [finding.resource.id, finding.status])).toEqual([[DOMAIN, 'pass']]);
  });

  test('no domain mapped to the API is not applicable, saying the execute-api endpoint serves it', () => {
    const findings = run(withDomains(domain('TLS_1_0', 'zz9y8x7w6v', 'other.gov.example')));
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'not_applicable',
        message: `No custom domain maps to API ${API_ID}; only its execute-api endpoint serves it (judged live by proxy.live-tls when proxy_url is set).`,
      }),
    ]);
  });

  test('error: an unreadable domain listing is an error, never not-applicable', () => {
    expect(run(observe(scope, (estate) => (estate.domains = failed('AccessDeniedException: apigateway:GET on /domainnames'))))).toEqual([
      expect.objectContaining({ status: 'error', resource: expect.objectContaining({ id: 'apigateway.domains' }) }),
    ]);
  });
});
