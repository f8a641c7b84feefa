/**
 * Observation requests, their keys and the store that holds what was collected.
 * Checks name what they need as requests; the plan dedups them by key so every
 * listing is fetched once per (account, Region) however many checks read it.
 */
import type {
  HostedZone,
  NetworkAcl,
  NetworkInterface,
  ResourceRecordSet,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  TransitGatewayRoute,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from './aws-shapes.ts';

/** DNS attributes of one VPC (DescribeVpcAttribute, one call per attribute). */
export interface VpcDnsAttributes {
  vpcId: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
}

/** A private hosted zone associated with a VPC (ListHostedZonesByVPC); its records are read from its owner apart. */
export interface VpcZone {
  id: string;
  name: string;
  /** The account that owns the zone (AWS names every owner; the caller's own when absent). */
  owningAccount?: string;
}

/** The record sets of one hosted zone, read with its owner's credentials. */
export interface ZoneRecords {
  zoneId: string;
  records: ResourceRecordSet[];
}

/** One hosted zone with the VPCs it is associated with (GetHostedZone). */
export interface ZoneVpcs {
  zoneId: string;
  name: string;
  privateZone: boolean;
  vpcs: { vpcId: string; region: string }[];
}

/** The routes of one transit gateway route table (SearchTransitGatewayRoutes, active and blackhole). */
export interface TransitGatewayRoutes {
  routeTableId: string;
  routes: TransitGatewayRoute[];
  /** AWS returns at most 1,000 routes and says when there are more: then the table cannot be judged whole. */
  additionalRoutesAvailable: boolean;
}

/** A Route 53 Resolver rule as crisp reads it (ListResolverRules; shared rules included on AWS). */
export interface ResolverRule {
  id: string;
  name?: string;
  /** The domain it applies to, without the trailing dot (`.` alone for the whole namespace). */
  domainName: string;
  ruleType: 'FORWARD' | 'SYSTEM' | 'RECURSIVE' | string;
  ownerId?: string;
  shareStatus?: string;
  targetIps: string[];
}

/** A rule's association with a VPC (ListResolverRuleAssociations). */
export interface ResolverRuleAssociation {
  id: string;
  resolverRuleId: string;
  vpcId: string;
  status?: string;
}

/** A Route 53 Profile associated with a VPC (ListProfileAssociations). */
export interface ProfileAssociation {
  id: string;
  profileId: string;
  vpcId: string;
  status?: string;
  ownerId?: string;
}

/** A resource a Route 53 Profile delivers (ListProfileResourceAssociations): a hosted zone, a Resolver rule, … */
export interface ProfileResource {
  profileId: string;
  resourceArn: string;
  resourceType: string;
  name?: string;
  status?: string;
}

/** The CIDRs of one managed prefix list (GetManagedPrefixListEntries). */
export interface PrefixListEntries {
  prefixListId: string;
  cidrs: string[];
}

/** The target's data-plane settings as evaluate() sees them (no secrets: the CA file's path only). */
export interface DataPlaneObservation {
  /** The target kind, so evaluate() can consult its capability profile. */
  targetKind: 'aws' | 'moto' | 'localstack' | 'lab';
  vantage: 'inside-app-vpc' | 'outside';
  resolver?: string;
  connect: Record<string, string>;
  connectOnly: boolean;
  caFile?: string;
}

/** One DNS exchange attempt. */
export interface DnsAttempt {
  transport: 'udp' | 'tcp';
  durationMs: number;
  error?: string;
}

/** The answer to one question (A or AAAA). */
export interface DnsAnswerSet {
  type: 'A' | 'AAAA';
  /** NOERROR, NXDOMAIN, SERVFAIL, …; absent when no answer arrived. */
  rcode?: string;
  authoritative?: boolean;
  truncated?: boolean;
  answers: { name: string; type: string; ttl: number; data: string }[];
  attempts: DnsAttempt[];
  /** Set when every attempt timed out or failed. */
  error?: string;
}

/** What the DNS probe saw for one hostname. */
export interface DnsTranscript {
  hostname: string;
  resolver: string;
  a: DnsAnswerSet;
  aaaa: DnsAnswerSet;
}

/** What the TLS probe saw dialling one endpoint address. */
export interface TlsTranscript {
  /** The address asked for (`ip:port`) and the one dialled after the connect map. */
  address: string;
  dialed?: string;
  hostname: string;
  /** When the probe ran (ISO); certificate expiry is judged against it, not against the clock. */
  observedAt: string;
  /** The stage reached or failed: `connect`, `tls`, `http`, or `done`. */
  stage: 'not-dialled' | 'connect' | 'tls' | 'http' | 'done';
  error?: string;
  protocol?: string;
  alpn?: string;
  cipher?: string;
  /** Chain verified against the CAs in use. */
  chainValid?: boolean;
  chainError?: string;
  /** Certificate valid for the hostname. */
  hostnameValid?: boolean;
  hostnameError?: string;
  certificate?: { subject: string; subjectAltNames: string[]; issuer: string; validFrom: string; validTo: string; fingerprint256: string };
  httpStatus?: number;
  httpVersion?: string;
  timings?: { connectMs?: number; handshakeMs?: number; firstByteMs?: number };
}

/** A principal with every policy that applies to it, from GetAccountAuthorizationDetails. */
export interface PrincipalPolicies {
  arn: string;
  type: 'role' | 'user';
  name: string;
  path: string;
  tags: Record<string, string>;
  /** Inline and attached managed policies (and, for users, their groups'). */
  policies: { name: string; document: unknown }[];
  boundary?: { name: string; document: unknown };
  /**
   * Policies attached (or set as boundary) whose documents the listing did not return:
   * an unread policy could hold a Deny, so a verdict without it is never given.
   */
  unreadablePolicies?: string[];
}

/** One account's IAM principals and their policies. */
export interface AuthorizationDetails {
  account: string;
  principals: PrincipalPolicies[];
}

/** The organization as it applies to one account: SCP and RCP levels from the root down. */
export interface OrganizationPath {
  account: string;
  /** False when the account is in no organization (then no SCP or RCP applies). */
  inOrganization: boolean;
  managementAccount?: string;
  /** The organization's id (o-…), for aws:PrincipalOrgID and aws:PrincipalOrgPaths. */
  organizationId?: string;
  scpLevels: { id: string; policies: { name: string; id: string; document: unknown }[] }[];
  rcpLevels: { id: string; policies: { name: string; id: string; document: unknown }[] }[];
}

/** The organization an account belongs to (DescribeOrganization), for aws:PrincipalOrgID. */
export interface OrganizationMembership {
  account: string;
  inOrganization: boolean;
  id?: string;
  managementAccount?: string;
}

/** Inference profiles in one account and Region, with the model ARNs each routes to. */
export interface InferenceProfileList {
  profiles: { id: string; arn: string; type?: string; modelArns: string[] }[];
}

/** One inference profile as GetInferenceProfile returns it. */
export interface InferenceProfileDetail {
  id: string;
  arn: string;
  type?: string;
  status?: string;
  /** The model ARNs the profile routes to (a Region-less ARN for global routing). */
  modelArns: string[];
}

/** One CloudTrail trail seen from a Region, with what GetTrailStatus and GetEventSelectors say of it. */
export interface TrailView {
  name: string;
  arn: string;
  homeRegion: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  s3BucketName?: string;
  logFileValidation: boolean;
  isLogging: boolean;
  /** Basic event selectors (absent when the trail uses advanced ones). */
  eventSelectors: { readWriteType?: string; includeManagementEvents?: boolean; excludeManagementEventSources?: string[] }[];
  /** Advanced event selectors: each a list of field conditions. */
  advancedEventSelectors: {
    name?: string;
    fieldSelectors: {
      field: string;
      equals?: string[];
      notEquals?: string[];
      startsWith?: string[];
      notStartsWith?: string[];
      endsWith?: string[];
      notEndsWith?: string[];
    }[];
  }[];
}

/** Bedrock events CloudTrail's event history holds for a window: args { lookbackHours }. */
export interface BedrockEventHistory {
  /** The window asked for (ISO 8601). */
  start: string;
  end: string;
  events: { eventName: string; eventTime: string; inferenceRegion?: string; modelId?: string; eventId?: string }[];
  /** True when more events matched than crisp reads (the verdict cannot cover them all). */
  truncated: boolean;
}

/** The model invocation logging configuration of an account and Region (absent when logging is off). */
export interface InvocationLogging {
  config?: {
    textDataDeliveryEnabled?: boolean;
    imageDataDeliveryEnabled?: boolean;
    embeddingDataDeliveryEnabled?: boolean;
    /** Payloads too large for CloudWatch Logs go to `largeDataBucket` (its own S3 destination). */
    cloudWatch?: { logGroupName?: string; roleArn?: string; largeDataBucket?: string };
    s3?: { bucketName?: string; keyPrefix?: string };
  };
}

/** A REST API of API Gateway (v1), as GetRestApi describes it. */
export interface RestApiView {
  id: string;
  name?: string;
  /** The resource policy, parsed; undefined when the API has none. */
  policy?: unknown;
  /** The policy text could not be parsed (kept apart so a check can say so, never judged as absent). */
  policyUnreadable?: string;
  endpointTypes: string[];
  disableExecuteApiEndpoint?: boolean;
}

/** A REST API's resources and their methods (GetResources with the methods embedded). */
export interface RestApiResources {
  resources: {
    id: string;
    path: string;
    methods: { httpMethod: string; authorizationType: string; apiKeyRequired: boolean; authorizerId?: string }[];
  }[];
}

/** One stage of a REST API (GetStage): throttling per method pattern, access logging, tracing. */
export interface RestApiStage {
  stageName: string;
  deploymentId?: string;
  accessLogDestination?: string;
  /** Keyed as API Gateway keys them: `*\/*` for the stage default, `<path>/<METHOD>` otherwise. */
  methodSettings: Record<string, { throttlingRateLimit?: number; throttlingBurstLimit?: number; loggingLevel?: string; metricsEnabled?: boolean }>;
  tracingEnabled?: boolean;
}

/** Usage plans of an account and Region (key values are never read: only how many keys a plan holds). */
export interface UsagePlans {
  plans: {
    id: string;
    name?: string;
    apiStages: { apiId: string; stage: string }[];
    throttle?: { rateLimit?: number; burstLimit?: number };
    quota?: { limit?: number; period?: string };
    keyCount: number;
  }[];
}

/** Custom domain names of an account and Region with their base path mappings. */
export interface CustomDomains {
  domains: { domainName: string; securityPolicy?: string; endpointTypes: string[]; mappings: { basePath: string; restApiId: string; stage?: string }[] }[];
}

/** A Lambda function's configuration. Environment values never leave the collector: only names, and why one looks like a credential. */
export interface LambdaFunctionView {
  arn: string;
  role: string;
  timeoutSeconds: number;
  memorySize?: number;
  /** Reserved concurrency; undefined when none is set. */
  reservedConcurrency?: number;
  environment: { name: string; suspicious?: string }[];
}

/** A Secrets Manager secret as DescribeSecret tells it (its value is never read). */
export interface SecretView {
  arn: string;
  name: string;
  /** The key id or ARN encrypting it; undefined means the AWS-managed aws/secretsmanager key. */
  kmsKeyId?: string;
  rotationEnabled: boolean;
  lastChangedDate?: string;
  lastRotatedDate?: string;
  rotationDays?: number;
}

/** A KMS key: who manages it, whether it rotates, and its key policy (parsed). */
export interface KmsKeyView {
  keyId: string;
  arn: string;
  keyManager: 'AWS' | 'CUSTOMER' | string;
  keyState?: string;
  rotationEnabled?: boolean;
  policy?: unknown;
}

/** A DynamoDB table's protection: encryption, point-in-time recovery (from its own status, not ContinuousBackupsStatus), deletion protection. */
export interface DynamoTableView {
  name: string;
  arn: string;
  /** SSE type: `KMS` with a key ARN, or absent for the default AWS-owned key. */
  sseType?: string;
  kmsKeyArn?: string;
  deletionProtection: boolean;
  pointInTimeRecovery?: string;
}

/** A user's access keys (ids masked to their last four characters) and their ages. */
export interface AccessKeys {
  user: string;
  keys: { idSuffix: string; status: string; createDate: string }[];
}

/** A user's service-specific credentials (Bedrock long-term API keys among them). */
export interface ServiceSpecificCredentials {
  user: string;
  credentials: { idSuffix: string; serviceName: string; status: string; createDate: string; expirationDate?: string }[];
}

/** One HTTP request to the proxy through the data plane: args { url, method, auth: none | wrong | env }. */
export interface HttpTranscript {
  url: string;
  dialled?: string;
  status?: number;
  /** Response header names, each with why it looks like a credential when it does (values never kept). */
  headers: { name: string; suspicious?: string }[];
  /** The response body's first characters, with anything credential-looking masked. */
  bodyExcerpt?: string;
  /** The request id the proxy returned (header or body), to find its audit item. */
  requestId?: string;
  error?: string;
  durationMs?: number;
}

/** One TLS handshake offering a single protocol version: args { address, hostname, version }. */
export interface TlsVersionTranscript {
  address: string;
  dialled?: string;
  offered: string;
  accepted: boolean;
  protocol?: string;
  /** Whether the certificate verified for the hostname (only meaningful when accepted). */
  certificateValid?: boolean;
  error?: string;
}

/** A bounded wait for an audit item: args { tableName, attribute, value, withinSeconds }. */
export interface AuditItemWait {
  found: boolean;
  polls: number;
  waitedMs: number;
  error?: string;
}

/** The fixed prompt the latency probe sends: short, deterministic, cheap (the budget plan counts its tokens). */
export const PROBE_PROMPT = 'Reply with the single word: ok.';

/** One Converse or ConverseStream call. */
export interface ConverseSample {
  outcome: 'ok' | 'throttled' | 'error';
  /** On the wire, from dispatch to the last byte (the SDK's own time when no crisp handler is in use). */
  latencyMs?: number;
  /** As the SDK caller sees it: serialisation, signing and deserialisation included. */
  clientLatencyMs?: number;
  /** Time from dispatch to the first content delta (stream only). */
  ttftMs?: number;
  /** The server's metrics.latencyMs. */
  serverLatencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  outputTokensPerSecond?: number;
  error?: string;
}

/** What the latency probe measured for one profile. */
export interface ConverseTranscript {
  profileId: string;
  api: 'converse' | 'converse-stream';
  endpoint: string;
  /** ALPN of the connections used (h2 or http/1.1), and how many were opened. */
  protocols: string[];
  connections: number;
  connectionReuse: string;
  warmupDiscarded: number;
  samples: ConverseSample[];
  throttled: number;
  errors: number;
  /** Set when the probe could not run at all. */
  failure?: string;
}

/** A latency baseline file, as written by --update-baseline. */
export interface LatencyBaselineFile {
  writtenAt: string;
  profiles: Record<string, { api: string; latencyMs: number[]; ttftMs: number[] }>;
}

/** What iam:SimulatePrincipalPolicy answered for one request. */
export interface SimulationResult {
  decision: string;
  matchedStatements: { sourcePolicyId?: string; sourcePolicyType?: string }[];
}

/** What each observation kind yields, after a JSON round trip (dates are strings). */
export interface ObservationCatalog {
  'ec2.vpcs': Vpc[];
  'ec2.vpcDnsAttributes': VpcDnsAttributes;
  'ec2.subnets': Subnet[];
  'ec2.routeTables': RouteTable[];
  'ec2.peeringConnections': VpcPeeringConnection[];
  'ec2.vpcEndpoints': VpcEndpoint[];
  'ec2.securityGroups': SecurityGroup[];
  'ec2.networkAcls': NetworkAcl[];
  'ec2.networkInterfaces': NetworkInterface[];
  /** Transit gateway attachments of an account and Region, with their route-table associations. */
  'ec2.transitGatewayAttachments': TransitGatewayAttachment[];
  /** Transit gateway peering attachments of an account and Region (both ends' gateways, owners and Regions). */
  'ec2.transitGatewayPeeringAttachments': TransitGatewayPeeringAttachment[];
  /** The routes of one transit gateway route table: args { routeTableId }; asked of the gateway's owner. */
  'ec2.transitGatewayRoutes': TransitGatewayRoutes;
  /** The entries of one managed prefix list: args { prefixListId }; asked of the account and Region that see it. */
  'ec2.prefixListEntries': PrefixListEntries;
  /** Route 53 Resolver rules of an account and Region (its own and those shared with it). */
  'route53resolver.rules': ResolverRule[];
  /** Route 53 Resolver rule associations of an account and Region. */
  'route53resolver.ruleAssociations': ResolverRuleAssociation[];
  /** Route 53 Profiles associated with one VPC: args { vpcId }. */
  'route53profiles.vpcAssociations': ProfileAssociation[];
  /** The resources one Route 53 Profile delivers: args { profileId }. */
  'route53profiles.resources': ProfileResource[];
  /** Every hosted zone of the account (Route 53 is global; region is the API Region). */
  'route53.hostedZones': HostedZone[];
  /** The private zones associated with one VPC, of every owner where the API names them: args { vpcId }. */
  'route53.vpcZones': VpcZone[];
  /** The record sets of one zone: args { zoneId }; asked of the zone's owner. */
  'route53.zoneRecords': ZoneRecords;
  /** One zone's VPC associations: args { zoneId }; asked of the zone's owner. */
  'route53.zoneVpcs': ZoneVpcs;
  /** IAM principals and their policies in one account (GetAccountAuthorizationDetails). */
  'iam.authorizationDetails': AuthorizationDetails;
  /** The organization path of one account with its SCPs and RCPs. */
  'organizations.path': OrganizationPath;
  /** The organization one account belongs to (id and management account), or none. */
  'organizations.membership': OrganizationMembership;
  /** Bedrock inference profiles of an account and Region. */
  'bedrock.inferenceProfiles': InferenceProfileList;
  /** One inference profile as its source Region describes it: args { profileId }. */
  'bedrock.inferenceProfile': InferenceProfileDetail;
  /** The model invocation logging configuration of an account and Region. */
  'bedrock.invocationLogging': InvocationLogging;
  /** The trails that apply to a Region (its own and multi-Region ones), with status and event selectors. */
  'cloudtrail.trails': { trails: TrailView[] };
  /** Bedrock events in CloudTrail's event history of an account and Region: args { lookbackHours }. */
  'cloudtrail.bedrockEvents': BedrockEventHistory;
  /** One log group by exact name: args { logGroupName }. */
  'logs.logGroup': { exists: boolean; name: string; retentionInDays?: number; kmsKeyId?: string };
  /** The Region an S3 bucket lives in: args { bucket }. */
  's3.bucketRegion': { bucket: string; region: string };
  /** A REST API: args { restApiId }. */
  'apigateway.restApi': RestApiView;
  /** A REST API's resources and methods: args { restApiId }. */
  'apigateway.resources': RestApiResources;
  /** One stage of a REST API: args { restApiId, stageName }. */
  'apigateway.stage': RestApiStage;
  /** The usage plans of an account and Region. */
  'apigateway.usagePlans': UsagePlans;
  /** The custom domain names of an account and Region, with their mappings. */
  'apigateway.domains': CustomDomains;
  /** A Lambda function: args { functionName }. */
  'lambda.function': LambdaFunctionView;
  /** A secret's metadata: args { secretId }. */
  'secretsmanager.secret': SecretView;
  /** A KMS key: args { keyId } (an id, ARN or alias). */
  'kms.key': KmsKeyView;
  /** A DynamoDB table's protection: args { tableName }. */
  'dynamodb.table': DynamoTableView;
  /** A user's access keys: args { userName }. */
  'iam.accessKeys': AccessKeys;
  /** A user's service-specific credentials: args { userName }. */
  'iam.serviceSpecificCredentials': ServiceSpecificCredentials;
  /** An HTTP request to the proxy through the data plane: args { url, method, auth }. */
  'probe.http': HttpTranscript;
  /** A TLS handshake offering one version: args { address, hostname, version }. */
  'probe.tlsVersion': TlsVersionTranscript;
  /** A bounded wait for the audit item of a request: args { tableName, attribute, value, withinSeconds }. */
  'probe.auditItem': AuditItemWait;
  /** iam:SimulatePrincipalPolicy for one request: args { principal, action, resource, context (JSON) }. */
  'iam.simulation': SimulationResult;
  /** Latency samples of one profile: args { profileId, region, api, samples, warmup, pacingMs, concurrency, maxTokens }. */
  'probe.converse': ConverseTranscript;
  /** The stored latency baseline: args { path }. */
  'baseline.latency': LatencyBaselineFile;
  /** Service Quotas of a service in an account and Region: args { serviceCode }. */
  'servicequotas.quotas': { quotas: { code: string; name: string; value: number; unit?: string }[] };
  /** The target's data-plane settings (no API call). */
  'target.dataPlane': DataPlaneObservation;
  /** The run's clock when it observed (no API call): aws:CurrentTime and aws:EpochTime, recorded so a replay judges the same instant. */
  'run.clock': { now: string };
  /** A DNS probe: args { hostname, resolver }. */
  'probe.dns': DnsTranscript;
  /** A TLS + HTTP probe: args { address: "ip:port", hostname }. */
  'probe.tls': TlsTranscript;
}

export type ObservationKind = keyof ObservationCatalog;

/** One thing to observe: a kind, in an account and Region, with optional arguments. */
export interface ObservationRequest<K extends ObservationKind = ObservationKind> {
  kind: K;
  account: string;
  region: string;
  /** Extra arguments, e.g. `{ vpcId }`; part of the key. */
  args?: Record<string, string>;
}

/** Stable key of a request: requests with equal keys are fetched once. */
export function observationKey(request: ObservationRequest): string {
  const args = request.args
    ? '#' +
      Object.keys(request.args)
        .sort()
        .map((name) => `${name}=${request.args![name]}`)
        .join('&')
    : '';
  return `${request.kind}@${request.account}/${request.region}${args}`;
}

/** Why an observation is not there: it failed (`error`) or the target cannot provide it (`skipped`). */
export interface ObservationFailure {
  status: 'error' | 'skipped';
  reason: string;
}

/** A stored outcome: the data, or why there is none. */
export type ObservationOutcome<T = unknown> = { ok: true; data: T } | { ok: false; failure: ObservationFailure };

/** Thrown by {@link Observations.get} when a needed observation is missing; the engine turns it into findings. */
export class ObservationUnavailable extends Error {
  readonly request: ObservationRequest;
  readonly failure: ObservationFailure;

  constructor(request: ObservationRequest, failure: ObservationFailure) {
    super(`${observationKey(request)}: ${failure.reason}`);
    this.name = 'ObservationUnavailable';
    this.request = request;
    this.failure = failure;
  }
}

/** Read access to collected observations, as evaluate() sees them. */
export class Observations {
  readonly #outcomes: Map<string, ObservationOutcome>;

  constructor(outcomes: Map<string, ObservationOutcome> = new Map()) {
    this.#outcomes = outcomes;
  }

  /** The observation's data; throws {@link ObservationUnavailable} when it failed or was never collected. */
  get<K extends ObservationKind>(request: ObservationRequest<K>): ObservationCatalog[K] {
    const outcome = this.#outcomes.get(observationKey(request));
    if (!outcome) {
      throw new ObservationUnavailable(request, { status: 'error', reason: 'was not collected (a check did not declare it in needs)' });
    }
    if (!outcome.ok) throw new ObservationUnavailable(request, outcome.failure);
    return outcome.data as ObservationCatalog[K];
  }

  /** The observation's data, or why it could not be made — for checks that carry on without it (and say so). */
  attempt<K extends ObservationKind>(request: ObservationRequest<K>): { data: ObservationCatalog[K] } | { failure: ObservationFailure } {
    try {
      return { data: this.get(request) };
    } catch (error) {
      if (error instanceof ObservationUnavailable) return { failure: error.failure };
      throw error;
    }
  }

  /** Records an outcome under the request's key. */
  set(request: ObservationRequest, outcome: ObservationOutcome): void {
    this.#outcomes.set(observationKey(request), outcome);
  }

  has(request: ObservationRequest): boolean {
    return this.#outcomes.has(observationKey(request));
  }

  /** Every outcome by key, sorted, for evidence and replay. */
  toJSON(): Record<string, ObservationOutcome> {
    return Object.fromEntries([...this.#outcomes.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
