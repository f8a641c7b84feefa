/**
 * Every check crisp ships, by id. A check's id equals its file name; the
 * registry test enforces that and validates each check's metadata.
 */
import type { AnyCheck, CheckCatalog } from './define.ts';
import dnsPrivateResolution from './dns/dns.private-resolution.ts';
import resolverRulesDoNotShadow from './dns/dns.resolver-rules-do-not-shadow.ts';
import endpointPolicyAllowsBedrock from './network/network.endpoint-policy-allows-bedrock.ts';
import profileOnlyInvocation from './iam/iam.profile-only-invocation.ts';
import auVsGlobal from './latency/latency.au-vs-global.ts';
import budgetGuard from './latency/latency.budget-guard.ts';
import profileBaseline from './latency/latency.profile-baseline.ts';
import latencyRegression from './latency/latency.regression.ts';
import quotaHeadroom from './quota/quota.headroom.ts';
import scpRegionCoverage from './organizations/organizations.scp-region-coverage.ts';
import staticPath from './network/network.static-path.ts';
import tlsEndpointReachability from './tls/tls.endpoint-reachability.ts';
import appRoutesToEndpoints from './network/network.app-routes-to-endpoints.ts';
import endpointIpsInSubnets from './network/network.endpoint-ips-in-subnets.ts';
import endpointRoutesToApp from './network/network.endpoint-routes-to-app.ts';
import endpointSgAdmitsApp from './network/network.endpoint-sg-admits-app.ts';
import endpointsMultiAz from './network/network.endpoints-multi-az.ts';
import interfaceEndpointsAvailable from './network/network.interface-endpoints-available.ts';
import naclsAllowHttps from './network/network.nacls-allow-https.ts';
import peeringActive from './network/network.peering-active.ts';
import privateZonePerService from './network/network.private-zone-per-service.ts';
import vpcCidrsDisjoint from './network/network.vpc-cidrs-disjoint.ts';
import vpcDnsAttributes from './network/network.vpc-dns-attributes.ts';
import zoneAliasToEndpoint from './network/network.zone-alias-to-endpoint.ts';
import cloudTrailRecordsBedrock from './residency/residency.cloudtrail-records-bedrock.ts';
import invocationLogging from './residency/residency.invocation-logging.ts';
import inferenceRegions from './residency/residency.inference-regions.ts';
import profileDestinations from './residency/residency.profile-destinations.ts';
import sourceRegionCoherence from './coherence/coherence.source-region.ts';
import proxyApiRequiresAuth from './proxy/proxy.api-requires-auth.ts';
import proxyApiStageProtected from './proxy/proxy.api-stage-protected.ts';
import proxyApiCustomDomainTls from './proxy/proxy.api-custom-domain-tls.ts';
import proxyApiResourcePolicy from './proxy/proxy.api-resource-policy.ts';
import proxyLambdaNoCredentials from './proxy/proxy.lambda-no-credentials.ts';
import proxyLambdaRoleLeastPrivilege from './proxy/proxy.lambda-role-least-privilege.ts';
import proxyLambdaLimits from './proxy/proxy.lambda-limits.ts';
import proxySecretProtected from './proxy/proxy.secret-protected.ts';
import proxyKmsKeysHygiene from './proxy/proxy.kms-keys-hygiene.ts';
import proxyAuditTableProtected from './proxy/proxy.audit-table-protected.ts';
import proxyCommercialCredential from './proxy/proxy.commercial-credential.ts';
import proxyBearerTokenGovernance from './proxy/proxy.bearer-token-governance.ts';
import proxyLiveRejectsUnauthenticated from './proxy/proxy.live-rejects-unauthenticated.ts';
import proxyLiveTls from './proxy/proxy.live-tls.ts';
import proxyLiveInvokeAudited from './proxy/proxy.live-invoke-audited.ts';
import proxyLiveNoCredentialHeaders from './proxy/proxy.live-no-credential-headers.ts';

/** All checks, in the order reports list them. */
export const ALL_CHECKS: readonly AnyCheck[] = [
  vpcDnsAttributes,
  vpcCidrsDisjoint,
  peeringActive,
  appRoutesToEndpoints,
  endpointRoutesToApp,
  interfaceEndpointsAvailable,
  endpointsMultiAz,
  endpointIpsInSubnets,
  endpointSgAdmitsApp,
  endpointPolicyAllowsBedrock,
  naclsAllowHttps,
  privateZonePerService,
  zoneAliasToEndpoint,
  staticPath,
  resolverRulesDoNotShadow,
  dnsPrivateResolution,
  tlsEndpointReachability,
  profileOnlyInvocation,
  scpRegionCoverage,
  budgetGuard,
  profileBaseline,
  latencyRegression,
  auVsGlobal,
  quotaHeadroom,
  cloudTrailRecordsBedrock,
  invocationLogging,
  inferenceRegions,
  profileDestinations,
  sourceRegionCoherence,
  proxyApiRequiresAuth,
  proxyApiStageProtected,
  proxyApiCustomDomainTls,
  proxyApiResourcePolicy,
  proxyLambdaNoCredentials,
  proxyLambdaRoleLeastPrivilege,
  proxyLambdaLimits,
  proxySecretProtected,
  proxyKmsKeysHygiene,
  proxyAuditTableProtected,
  proxyCommercialCredential,
  proxyBearerTokenGovernance,
  proxyLiveRejectsUnauthenticated,
  proxyLiveTls,
  proxyLiveInvokeAudited,
  proxyLiveNoCredentialHeaders,
];

/** A catalogue over a list of checks (the default: every shipped check). */
export function checkCatalog(checks: readonly AnyCheck[] = ALL_CHECKS): CheckCatalog {
  const byId = new Map(checks.map((check) => [check.id, check]));
  return { get: (id) => byId.get(id), ids: () => [...byId.keys()] };
}
