/**
 * Runs a plan: fetches each distinct observation once, a bounded number at a
 * time, and stores data or the reason it is missing. A failed fetch never
 * stops the others; it becomes an `error` or `skipped` outcome.
 */
import { collectApiGateway } from './apigateway.ts';
import { collectLatencyBaseline } from './baseline.ts';
import { collectBedrock } from './bedrock.ts';
import { collectCloudTrail } from './cloudtrail.ts';
import { collectLogs } from './logs.ts';
import { collectS3 } from './s3.ts';
import { collectEc2 } from './ec2.ts';
import { collectDynamoDb } from './dynamodb.ts';
import { collectIamObservation } from './iam.ts';
import { collectKms } from './kms.ts';
import { collectLambda } from './lambda.ts';
import { collectSecretsManager } from './secretsmanager.ts';
import { collectOrganizations } from './organizations.ts';
import { classifyFailure } from './failure.ts';
import { Observations, observationKey, type ObservationRequest } from '../model/observations.ts';
import { collectProbe } from './probes.ts';
import { collectRoute53 } from './route53.ts';
import { collectRoute53Profiles } from './route53profiles.ts';
import { collectRoute53Resolver } from './route53resolver.ts';
import { collectServiceQuotas } from './servicequotas.ts';
import type { CollectContext } from './context.ts';

/** The API operation(s) behind each observation kind, for messages. */
const OPERATION: Record<string, string> = {
  'ec2.vpcs': 'ec2:DescribeVpcs',
  'ec2.vpcDnsAttributes': 'ec2:DescribeVpcAttribute',
  'ec2.subnets': 'ec2:DescribeSubnets',
  'ec2.routeTables': 'ec2:DescribeRouteTables',
  'ec2.peeringConnections': 'ec2:DescribeVpcPeeringConnections',
  'ec2.vpcEndpoints': 'ec2:DescribeVpcEndpoints',
  'ec2.securityGroups': 'ec2:DescribeSecurityGroups',
  'ec2.networkAcls': 'ec2:DescribeNetworkAcls',
  'ec2.networkInterfaces': 'ec2:DescribeNetworkInterfaces',
  'ec2.transitGatewayAttachments': 'ec2:DescribeTransitGatewayAttachments',
  'ec2.transitGatewayPeeringAttachments': 'ec2:DescribeTransitGatewayPeeringAttachments',
  'ec2.transitGatewayRoutes': 'ec2:SearchTransitGatewayRoutes',
  'ec2.prefixListEntries': 'ec2:GetManagedPrefixListEntries',
  'route53.hostedZones': 'route53:ListHostedZones',
  'route53.vpcZones': 'route53:ListHostedZonesByVPC',
  'route53.zoneRecords': 'route53:ListResourceRecordSets',
  'route53.zoneVpcs': 'route53:GetHostedZone',
  'route53resolver.rules': 'route53resolver:ListResolverRules',
  'route53resolver.ruleAssociations': 'route53resolver:ListResolverRuleAssociations',
  'route53profiles.vpcAssociations': 'route53profiles:ListProfileAssociations',
  'route53profiles.resources': 'route53profiles:ListProfileResourceAssociations',
  'iam.authorizationDetails': 'iam:GetAccountAuthorizationDetails',
  'organizations.path': 'organizations:ListParents/ListPoliciesForTarget',
  'organizations.membership': 'organizations:DescribeOrganization',
  'iam.simulation': 'iam:SimulatePrincipalPolicy',
  'bedrock.inferenceProfiles': 'bedrock:ListInferenceProfiles',
  'bedrock.inferenceProfile': 'bedrock:GetInferenceProfile',
  'bedrock.invocationLogging': 'bedrock:GetModelInvocationLoggingConfiguration',
  'cloudtrail.trails': 'cloudtrail:DescribeTrails/GetTrailStatus/GetEventSelectors',
  'cloudtrail.bedrockEvents': 'cloudtrail:LookupEvents',
  'logs.logGroup': 'logs:DescribeLogGroups',
  's3.bucketRegion': 's3:GetBucketLocation',
  'target.dataPlane': 'data-plane settings',
  'probe.dns': 'DNS probe',
  'probe.tls': 'TLS probe',
  'probe.converse': 'bedrock-runtime Converse',
  'probe.http': 'proxy HTTP request',
  'probe.tlsVersion': 'TLS version offer',
  'probe.auditItem': 'dynamodb:GetItem (audit item)',
  'baseline.latency': 'latency baseline file',
  'run.clock': 'the run clock',
  'servicequotas.quotas': 'servicequotas:ListServiceQuotas',
  'apigateway.restApi': 'apigateway:GetRestApi',
  'apigateway.resources': 'apigateway:GetResources',
  'apigateway.stage': 'apigateway:GetStage',
  'apigateway.usagePlans': 'apigateway:GetUsagePlans/GetUsagePlanKeys',
  'apigateway.domains': 'apigateway:GetDomainNames/GetBasePathMappings',
  'lambda.function': 'lambda:GetFunctionConfiguration/GetFunctionConcurrency',
  'secretsmanager.secret': 'secretsmanager:DescribeSecret',
  'kms.key': 'kms:DescribeKey/GetKeyRotationStatus/GetKeyPolicy',
  'dynamodb.table': 'dynamodb:DescribeTable/DescribeContinuousBackups',
  'iam.accessKeys': 'iam:ListAccessKeys',
  'iam.serviceSpecificCredentials': 'iam:ListServiceSpecificCredentials',
};

/** Distinct requests, by key, in first-seen order. */
export function dedupeRequests(requests: Iterable<ObservationRequest>): ObservationRequest[] {
  const byKey = new Map<string, ObservationRequest>();
  for (const request of requests) {
    const key = observationKey(request);
    if (!byKey.has(key)) byKey.set(key, request);
  }
  return [...byKey.values()];
}

/** The collector for each service prefix of an observation kind. */
const COLLECTORS: Record<string, (context: CollectContext, request: any) => Promise<unknown>> = {
  ec2: collectEc2,
  route53: collectRoute53,
  route53resolver: collectRoute53Resolver,
  route53profiles: collectRoute53Profiles,
  iam: collectIamObservation,
  organizations: collectOrganizations,
  bedrock: collectBedrock,
  cloudtrail: collectCloudTrail,
  logs: collectLogs,
  s3: collectS3,
  probe: collectProbe,
  target: collectProbe,
  baseline: collectLatencyBaseline,
  run: async () => ({ now: new Date().toISOString() }),
  servicequotas: collectServiceQuotas,
  apigateway: collectApiGateway,
  lambda: collectLambda,
  secretsmanager: collectSecretsManager,
  kms: collectKms,
  dynamodb: collectDynamoDb,
};

function collectorFor(kind: string): (context: CollectContext, request: any) => Promise<unknown> {
  const collector = COLLECTORS[kind.split('.')[0]!];
  if (!collector) throw new Error(`no collector for ${kind}`);
  return collector;
}

async function fetchOne(context: CollectContext, request: ObservationRequest): Promise<unknown> {
  const data = await collectorFor(request.kind)(context, request as any);
  // Observations are stored as JSON so live runs and replays evaluate the same values.
  return JSON.parse(JSON.stringify(data));
}

/** Collects every request into `into` (existing keys are kept), at most `concurrency` at a time. */
export async function collect(
  context: CollectContext,
  requests: readonly ObservationRequest[],
  into: Observations = new Observations(),
  concurrency = 8,
): Promise<Observations> {
  const pending = dedupeRequests(requests).filter((request) => !into.has(request));
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const request = pending[next++]!;
      const operation = OPERATION[request.kind] ?? request.kind;
      const verb = request.kind.startsWith('probe.') ? 'probing' : 'listing';
      context.progress(`${verb} ${operation} in ${request.account}/${request.region}${request.args ? ` (${Object.values(request.args).join(', ')})` : ''}`);
      try {
        into.set(request, { ok: true, data: await fetchOne(context, request) });
      } catch (error) {
        into.set(request, { ok: false, failure: classifyFailure(error, operation, context.targetKind, context.targetLabel) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  return into;
}
