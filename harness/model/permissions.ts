/**
 * The AWS actions behind every observation kind: what each collector calls, with
 * whose credentials and on which resources. One table feeds the collectors'
 * messages, `crisp policy` (the least-privilege policy of a plan) and README's
 * permission list; test/permissions.test.ts holds it to the Service Authorization
 * Reference and the SDK's operations. Pure data.
 */
import type { ObservationKind } from './observations.ts';

/** Where an action's resources live, as one request names them. */
export interface ResourceAt {
  partition: string;
  region: string;
  account: string;
  /** The request's arguments; absent when they are not known yet (a request a later round derives). */
  args?: Readonly<Record<string, string>>;
}

/** A condition block of an IAM statement. */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/** Resources one action is granted on, with the condition they need, if any. */
export interface ResourceGrant {
  resources: string[];
  condition?: PolicyCondition;
}

/** One IAM action a collector calls. */
export interface KindAction {
  /** As IAM policies name it: `ec2:DescribeVpcs`. */
  action: string;
  /** The SDK service id the call log records (`ec2`, `route53`, `bedrock-runtime`…). */
  service: string;
  /** The SDK operations (as the call log names them) this action authorises. */
  operations: readonly string[];
  /** Whose credentials make the call: the account the request names (default), or its organization's management account. */
  account?: 'management';
  /** The resources the call touches; `*` when the action has no resource type. */
  resources?: (at: ResourceAt) => ResourceGrant[];
  /** Only made when this holds of the request's arguments (known arguments only). */
  onlyIf?: (args: Readonly<Record<string, string>>) => boolean;
  /** When the call is made, if not on every request of the kind. */
  when?: string;
  /** A data-plane call (a model invocation, an item read): stated apart from the read-only policy. */
  dataPlane?: true;
}

/** What one observation kind costs in permissions. */
export interface KindPermissions {
  /** How progress lines and messages name it, when it calls no AWS API (or says more than its actions). */
  label?: string;
  /** Every IAM action its collector may call. */
  actions: readonly KindAction[];
  /** A data-plane call made without AWS credentials (the proxy probe): stated, never granted. */
  unsignedCall?: string;
}

/** `*` where a value is not known yet. */
const known = (value: string | undefined) => (value === undefined || value === '' ? '*' : value);

const anywhere = (): ResourceGrant[] => [{ resources: ['*'] }];

const on =
  (...build: ((at: ResourceAt) => string)[]) =>
  (at: ResourceAt): ResourceGrant[] => [{ resources: build.map((one) => one(at)) }];

/** A plain read: one action, operations named like it, resource `*` unless given. */
function read(service: string, name: string, extra: Omit<KindAction, 'action' | 'service' | 'operations'> & { operations?: string[] } = {}): KindAction {
  const { operations, ...rest } = extra;
  return { action: `${service}:${name}`, service, operations: operations ?? [name], ...rest };
}

/** API Gateway (REST, v1) authorises every read as `apigateway:GET` on the resource path. */
function apiGatewayGet(operations: string[], ...paths: ((at: ResourceAt) => string)[]): KindAction {
  return {
    action: 'apigateway:GET',
    service: 'apigateway',
    operations,
    resources: (at) => [{ resources: paths.map((path) => `arn:${at.partition}:apigateway:${at.region}::${path(at)}`) }],
  };
}

const restApi = (at: ResourceAt) => `/restapis/${known(at.args?.restApiId)}`;
const iamUser = (at: ResourceAt) => {
  const user = at.args?.userName;
  // A user ARN carries the user's path: `user/name` or `user/some/path/name`.
  return user
    ? [`arn:${at.partition}:iam::${at.account}:user/${user}`, `arn:${at.partition}:iam::${at.account}:user/*/${user}`]
    : [`arn:${at.partition}:iam::${at.account}:user/*`];
};
const dynamoTable = (at: ResourceAt) => `arn:${at.partition}:dynamodb:${at.region}:${at.account}:table/${known(at.args?.tableName)}`;

/** A secret by name (ARNs end in a dash and six random characters) or by its ARN. */
function secretArn(at: ResourceAt): string {
  const id = at.args?.secretId;
  if (id?.startsWith('arn:')) return id;
  return `arn:${at.partition}:secretsmanager:${at.region}:${at.account}:secret:${id ? `${id}-??????` : '*'}`;
}

/** A function by name or ARN. */
function functionArn(at: ResourceAt): string {
  const name = at.args?.functionName;
  if (name?.startsWith('arn:')) return name;
  return `arn:${at.partition}:lambda:${at.region}:${at.account}:function:${known(name)}`;
}

/** An inference profile by id or ARN; an unknown one may be system-defined or an application profile. */
function profileArns(at: ResourceAt): string[] {
  const id = at.args?.profileId;
  if (id?.startsWith('arn:')) return [id];
  if (id) return [`arn:${at.partition}:bedrock:${at.region}:${at.account}:inference-profile/${id}`];
  return [
    `arn:${at.partition}:bedrock:${at.region}:${at.account}:inference-profile/*`,
    `arn:${at.partition}:bedrock:${at.region}:${at.account}:application-inference-profile/*`,
  ];
}

/**
 * A budgeted invocation through a cross-Region inference profile: the profile ARN,
 * and the model in every Region only through that profile (the pattern the
 * governance suite itself judges). Global profiles use the Region-less model ARN,
 * which `*` in the Region field covers.
 */
function invocationGrants(at: ResourceAt): ResourceGrant[] {
  const profiles = profileArns(at);
  const id = at.args?.profileId;
  const model = id && !id.startsWith('arn:') ? id.slice(id.indexOf('.') + 1) : '*';
  return [
    { resources: profiles },
    {
      resources: [`arn:${at.partition}:bedrock:*::foundation-model/${model}`],
      condition: { StringEquals: { 'bedrock:InferenceProfileArn': profiles.length === 1 ? profiles[0]! : profiles } },
    },
  ];
}

/**
 * The actions of every observation kind. Complete by type: a new kind does not
 * compile until its permissions are stated here.
 */
export const KIND_PERMISSIONS: { readonly [K in ObservationKind]: KindPermissions } = {
  'ec2.vpcs': { actions: [read('ec2', 'DescribeVpcs')] },
  'ec2.vpcDnsAttributes': {
    actions: [
      read('ec2', 'DescribeVpcAttribute', {
        resources: on((at) => `arn:${at.partition}:ec2:${at.region}:${at.account}:vpc/${known(at.args?.vpcId)}`),
        when: 'twice per VPC (DNS support and DNS host names)',
      }),
    ],
  },
  'ec2.subnets': { actions: [read('ec2', 'DescribeSubnets')] },
  'ec2.routeTables': { actions: [read('ec2', 'DescribeRouteTables')] },
  'ec2.peeringConnections': { actions: [read('ec2', 'DescribeVpcPeeringConnections')] },
  'ec2.vpcEndpoints': { actions: [read('ec2', 'DescribeVpcEndpoints')] },
  'ec2.securityGroups': { actions: [read('ec2', 'DescribeSecurityGroups')] },
  'ec2.networkAcls': { actions: [read('ec2', 'DescribeNetworkAcls')] },
  'ec2.networkInterfaces': { actions: [read('ec2', 'DescribeNetworkInterfaces')] },
  'ec2.transitGatewayAttachments': { actions: [read('ec2', 'DescribeTransitGatewayAttachments', { when: 'when a route leads to a transit gateway' })] },
  'ec2.transitGatewayPeeringAttachments': {
    actions: [read('ec2', 'DescribeTransitGatewayPeeringAttachments', { when: 'when a route leads to a transit gateway' })],
  },
  'ec2.transitGatewayRoutes': {
    actions: [
      read('ec2', 'SearchTransitGatewayRoutes', {
        resources: on((at) => `arn:${at.partition}:ec2:${at.region}:${at.account}:transit-gateway-route-table/${known(at.args?.routeTableId)}`),
        when: "in the gateway owner's account, when a route leads to a transit gateway",
      }),
    ],
  },
  'ec2.prefixListEntries': {
    actions: [
      read('ec2', 'GetManagedPrefixListEntries', {
        // AWS-managed lists are owned by `aws`, shared ones by another account: the owner is not the reader.
        resources: on((at) => `arn:${at.partition}:ec2:${at.region}:*:prefix-list/${known(at.args?.prefixListId)}`),
        when: 'for each prefix list a route or rule names',
      }),
    ],
  },
  'route53.hostedZones': { actions: [read('route53', 'ListHostedZones')] },
  'route53.vpcZones': { actions: [read('route53', 'ListHostedZonesByVPC')] },
  'route53.zoneRecords': {
    actions: [
      read('route53', 'ListResourceRecordSets', {
        resources: on((at) => `arn:${at.partition}:route53:::hostedzone/${known(at.args?.zoneId)}`),
        when: "for each service hostname's zone, in its owner's account",
      }),
    ],
  },
  'route53.zoneVpcs': {
    actions: [
      read('route53', 'GetHostedZone', {
        resources: on((at) => `arn:${at.partition}:route53:::hostedzone/${known(at.args?.zoneId)}`),
        when: 'for private zones of the endpoint or DNS account whose names could answer for a Bedrock hostname',
      }),
    ],
  },
  'route53resolver.rules': { actions: [read('route53resolver', 'ListResolverRules')] },
  'route53resolver.ruleAssociations': { actions: [read('route53resolver', 'ListResolverRuleAssociations')] },
  'route53profiles.vpcAssociations': { actions: [read('route53profiles', 'ListProfileAssociations')] },
  'route53profiles.resources': {
    actions: [read('route53profiles', 'ListProfileResourceAssociations', { when: 'for each Route 53 Profile associated with the VPC' })],
  },
  'iam.authorizationDetails': { actions: [read('iam', 'GetAccountAuthorizationDetails')] },
  'iam.simulation': {
    actions: [
      read('iam', 'SimulatePrincipalPolicy', {
        resources: on(
          (at) => `arn:${at.partition}:iam::${at.account}:role/*`,
          (at) => `arn:${at.partition}:iam::${at.account}:user/*`,
        ),
        when: "on aws targets only, to cross-check crisp's policy engine",
      }),
    ],
  },
  'iam.accessKeys': { actions: [read('iam', 'ListAccessKeys', { resources: (at) => [{ resources: iamUser(at) }] })] },
  'iam.serviceSpecificCredentials': {
    actions: [read('iam', 'ListServiceSpecificCredentials', { resources: (at) => [{ resources: iamUser(at) }] })],
  },
  'organizations.path': {
    actions: [
      read('organizations', 'DescribeOrganization'),
      read('organizations', 'ListParents', { account: 'management' }),
      read('organizations', 'ListPoliciesForTarget', { account: 'management' }),
      read('organizations', 'DescribePolicy', { account: 'management' }),
    ],
  },
  'organizations.membership': { actions: [read('organizations', 'DescribeOrganization')] },
  'bedrock.inferenceProfiles': { actions: [read('bedrock', 'ListInferenceProfiles')] },
  'bedrock.inferenceProfile': { actions: [read('bedrock', 'GetInferenceProfile', { resources: (at) => [{ resources: profileArns(at) }] })] },
  'bedrock.invocationLogging': { actions: [read('bedrock', 'GetModelInvocationLoggingConfiguration')] },
  'cloudtrail.trails': {
    actions: [
      read('cloudtrail', 'DescribeTrails'),
      // Asked by ARN in each trail's home Region; an organization trail belongs to the management account.
      read('cloudtrail', 'GetTrailStatus', {
        resources: on((at) => `arn:${at.partition}:cloudtrail:*:*:trail/*`),
        when: 'for each trail that records the Region',
      }),
      read('cloudtrail', 'GetEventSelectors', {
        resources: on((at) => `arn:${at.partition}:cloudtrail:*:*:trail/*`),
        when: 'for each trail that records the Region',
      }),
    ],
  },
  'cloudtrail.bedrockEvents': { actions: [read('cloudtrail', 'LookupEvents')] },
  'logs.logGroup': { actions: [read('logs', 'DescribeLogGroups', { when: 'for the log group invocation logging names' })] },
  's3.bucketRegion': {
    actions: [
      read('s3', 'GetBucketLocation', {
        resources: on((at) => `arn:${at.partition}:s3:::${known(at.args?.bucket)}`),
        when: 'for the buckets a trail or invocation logging delivers to',
      }),
    ],
  },
  'servicequotas.quotas': { actions: [read('servicequotas', 'ListServiceQuotas')] },
  'apigateway.restApi': { actions: [apiGatewayGet(['GetRestApi'], restApi)] },
  'apigateway.resources': {
    actions: [
      apiGatewayGet(
        ['GetResources', 'GetMethod'],
        (at) => `${restApi(at)}/resources`,
        (at) => `${restApi(at)}/resources/*/methods/*`,
      ),
    ],
  },
  'apigateway.stage': { actions: [apiGatewayGet(['GetStage'], (at) => `${restApi(at)}/stages/${known(at.args?.stageName)}`)] },
  'apigateway.usagePlans': {
    actions: [
      apiGatewayGet(
        ['GetUsagePlans', 'GetUsagePlanKeys'],
        () => '/usageplans',
        () => '/usageplans/*/keys',
      ),
    ],
  },
  'apigateway.domains': {
    actions: [
      apiGatewayGet(
        ['GetDomainNames', 'GetBasePathMappings'],
        () => '/domainnames',
        () => '/domainnames/*/basepathmappings',
      ),
    ],
  },
  'lambda.function': {
    actions: [
      read('lambda', 'GetFunctionConfiguration', { resources: on(functionArn) }),
      read('lambda', 'GetFunctionConcurrency', { resources: on(functionArn) }),
    ],
  },
  'secretsmanager.secret': { actions: [read('secretsmanager', 'DescribeSecret', { resources: on(secretArn) })] },
  'kms.key': {
    actions: [
      // Keys are found at run time (the secret's, the table's): every key of the account and Region.
      read('kms', 'DescribeKey', { resources: on((at) => `arn:${at.partition}:kms:${at.region}:${at.account}:key/*`) }),
      read('kms', 'GetKeyRotationStatus', {
        resources: on((at) => `arn:${at.partition}:kms:${at.region}:${at.account}:key/*`),
        when: 'for customer-managed keys',
      }),
      read('kms', 'GetKeyPolicy', { resources: on((at) => `arn:${at.partition}:kms:${at.region}:${at.account}:key/*`) }),
    ],
  },
  'dynamodb.table': {
    actions: [read('dynamodb', 'DescribeTable', { resources: on(dynamoTable) }), read('dynamodb', 'DescribeContinuousBackups', { resources: on(dynamoTable) })],
  },
  'probe.auditItem': {
    label: 'dynamodb:GetItem (audit item)',
    actions: [
      read('dynamodb', 'GetItem', {
        resources: on(dynamoTable),
        dataPlane: true,
        when: 'polled (every 250 ms, bounded) for the audit item of the live proxy call',
      }),
    ],
  },
  'probe.converse': {
    label: 'bedrock-runtime Converse',
    actions: [
      {
        action: 'bedrock:InvokeModel',
        service: 'bedrock-runtime',
        operations: ['Converse'],
        resources: invocationGrants,
        onlyIf: (args) => args.api === 'converse',
        when: 'the budgeted latency samples, api: converse',
        dataPlane: true,
      },
      {
        action: 'bedrock:InvokeModelWithResponseStream',
        service: 'bedrock-runtime',
        operations: ['ConverseStream'],
        resources: invocationGrants,
        onlyIf: (args) => args.api === 'converse-stream',
        when: 'the budgeted latency samples, api: converse-stream',
        dataPlane: true,
      },
    ],
  },
  'probe.http': {
    label: 'proxy HTTP request',
    actions: [],
    unsignedCall: "HTTPS to the proxy's invoke URL: no key, a wrong key, and one call with the key in CRISP_PROXY_API_KEY (no AWS credentials)",
  },
  'probe.dns': { label: 'DNS probe', actions: [] },
  'probe.tls': { label: 'TLS probe', actions: [] },
  'probe.tlsVersion': { label: 'TLS version offer', actions: [] },
  'target.dataPlane': { label: 'data-plane settings', actions: [] },
  'baseline.latency': { label: 'latency baseline file', actions: [] },
  'run.clock': { label: 'the run clock', actions: [] },
};

/** The permissions of a kind (every kind has an entry). */
export function permissionsOf(kind: ObservationKind): KindPermissions {
  return KIND_PERMISSIONS[kind];
}

/** The actions a request of the kind may call, given its arguments when they are known. */
export function actionsFor(kind: ObservationKind, args?: Readonly<Record<string, string>>): KindAction[] {
  return KIND_PERMISSIONS[kind].actions.filter((entry) => !args || !entry.onlyIf || entry.onlyIf(args));
}

/** How messages and progress lines name what a kind calls: `ec2:DescribeVpcs`, `apigateway:GET (GetRestApi)`. */
export function operationLabel(kind: string): string {
  const permissions = (KIND_PERMISSIONS as Record<string, KindPermissions | undefined>)[kind];
  if (!permissions) return kind;
  if (permissions.label) return permissions.label;
  return permissions.actions
    .map((entry) => {
      const name = entry.action.split(':')[1]!;
      return entry.operations.length === 1 && entry.operations[0] === name ? entry.action : `${entry.action} (${entry.operations.join(', ')})`;
    })
    .join(', ');
}

/** The IAM action that authorises one SDK call (service id and operation as the call log records them). */
export function actionForCall(service: string, operation: string): string | undefined {
  if (service === IDENTITY_ACTION.service && IDENTITY_ACTION.operations.includes(operation)) return IDENTITY_ACTION.action;
  for (const permissions of Object.values(KIND_PERMISSIONS) as KindPermissions[]) {
    const entry = permissions.actions.find((candidate) => candidate.service === service && candidate.operations.includes(operation));
    if (entry) return entry.action;
  }
  return undefined;
}

/** The resources an action is granted on for a request (`*` when the action has no resource type). */
export function grantsFor(entry: KindAction, at: ResourceAt): ResourceGrant[] {
  return (entry.resources ?? anywhere)(at);
}

/** Who crisp is, asked once per account before anything is read (it needs no permission unless a policy denies it). */
export const IDENTITY_ACTION: KindAction = { action: 'sts:GetCallerIdentity', service: 'sts', operations: ['GetCallerIdentity'] };

/** Marks an SDK error with the call that failed (`{ service, operation }`), so a refusal can name its one action. */
export const FAILED_CALL = Symbol.for('crisp.failedCall');
