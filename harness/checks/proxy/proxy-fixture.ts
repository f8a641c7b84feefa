/**
 * The clean GovCloud → commercial proxy estate the proxy checks' table tests start
 * from, as AWS answers for it: GovCloud ARNs in arn:aws-us-gov (us-gov-west-1),
 * commercial ARNs in arn:aws (us-east-1), policy documents shaped as the lab
 * writes them (the function role, key policy, API resource policy in API
 * Gateway's short form, commercial user policy), and the live probes' transcripts
 * as the collectors keep them. A test edits one part with {@link observe} and
 * evaluates a check with the engine. Requests are built with the checks' own
 * helpers, so their keys match. (Checks may import neither the engine nor the lab:
 * the tests do.)
 */
import {
  Observations,
  type AccessKeys,
  type AuditItemWait,
  type AuthorizationDetails,
  type CustomDomains,
  type DynamoTableView,
  type HttpTranscript,
  type KmsKeyView,
  type LambdaFunctionView,
  type ObservationOutcome,
  type OrganizationPath,
  type RestApiResources,
  type RestApiStage,
  type RestApiView,
  type SecretView,
  type ServiceSpecificCredentials,
  type TlsVersionTranscript,
  type UsagePlans,
} from '../../model/observations.ts';
import { auditRequest, httpRequest, tlsRequest, TLS_OFFERS, type ProxyAuth } from './proxy-live.ts';
import { clockRequest, commercialRequest, govRequest, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

export const GOV = '111122223333';
export const GOV_REGION = 'us-gov-west-1';
export const COMMERCIAL = '444455556666';
export const COMMERCIAL_REGION = 'us-east-1';
export const API_ID = 'a1b2c3d4e5';
export const STAGE = 'prod';
export const FUNCTION = 'bedrock-proxy';
export const SECRET = 'bedrock-proxy/commercial-credential';
export const TABLE = 'bedrock-proxy-audit';
export const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
export const CREDENTIAL_USER = 'bedrock-proxy-commercial';
export const HOSTNAME = `${API_ID}.execute-api.${GOV_REGION}.amazonaws.com`;
export const PROXY_URL = `https://${HOSTNAME}/${STAGE}`;
export const INVOKE_URL = `${PROXY_URL}/v1/bedrock/invoke-model`;
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const REQUEST_ID = '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const GOV_ORG = 'o-gov0123456';
export const COMMERCIAL_ORG = 'o-com0123456';

/** ARNs of the estate, as the AWS APIs return them. */
export const ARN = {
  function: `arn:aws-us-gov:lambda:${GOV_REGION}:${GOV}:function:${FUNCTION}`,
  role: `arn:aws-us-gov:iam::${GOV}:role/service-role/bedrock-proxy-fn`,
  secret: `arn:aws-us-gov:secretsmanager:${GOV_REGION}:${GOV}:secret:${SECRET}-Xy12Ab`,
  key: `arn:aws-us-gov:kms:${GOV_REGION}:${GOV}:key/${KEY_ID}`,
  awsManagedKey: `arn:aws-us-gov:kms:${GOV_REGION}:${GOV}:key/9f8e7d6c-5b4a-3210-fedc-ba9876543210`,
  table: `arn:aws-us-gov:dynamodb:${GOV_REGION}:${GOV}:table/${TABLE}`,
  functionLogs: `arn:aws-us-gov:logs:${GOV_REGION}:${GOV}:log-group:/aws/lambda/${FUNCTION}`,
  accessLogs: `arn:aws-us-gov:logs:${GOV_REGION}:${GOV}:log-group:/aws/apigateway/bedrock-proxy-access`,
  user: `arn:aws:iam::${COMMERCIAL}:user/${CREDENTIAL_USER}`,
} as const;

/** The run's clock; every age is counted back from it. */
export const NOW = '2026-06-01T12:00:00.000Z';
export const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

/** The suite's `with` block for the estate (proxy_url and bedrock_credential_user set); `edit` overrides fields. */
export function proxyScope(edit: Record<string, unknown> = {}): ProxyScope {
  return proxyScopeSchema.parse({
    govAccountId: GOV,
    govRegion: GOV_REGION,
    restApiId: API_ID,
    stageName: STAGE,
    functionName: FUNCTION,
    secretId: SECRET,
    auditTable: TABLE,
    proxyUrl: PROXY_URL,
    commercialAccountId: COMMERCIAL,
    commercialRegion: COMMERCIAL_REGION,
    bedrockCredentialUser: CREDENTIAL_USER,
    allowedModelIds: [MODEL],
    ...edit,
  });
}

/** An observation that failed as the collector records it. */
export const failed = (reason: string, status: 'error' | 'skipped' = 'error'): ObservationOutcome => ({ ok: false, failure: { status, reason } });

/** A part of the estate: its data, or the outcome of a failed observation. */
export type Part<T> = T | ObservationOutcome;

const FULL_AWS_ACCESS = {
  name: 'FullAWSAccess',
  id: 'p-FullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** An account's organization path: FullAWSAccess at the root, one OU and the account. */
export function organizationPath(account: string, organizationId: string, extra: OrganizationPath['scpLevels'][number]['policies'] = []): OrganizationPath {
  return {
    account,
    inOrganization: true,
    managementAccount: '999988887777',
    organizationId,
    scpLevels: [
      { id: 'r-ab12', policies: [FULL_AWS_ACCESS] },
      { id: 'ou-ab12-workload', policies: [FULL_AWS_ACCESS, ...extra] },
      { id: account, policies: [FULL_AWS_ACCESS] },
    ],
    rcpLevels: [],
  };
}

/** The commercial organization's SCP on API keys: only the proxy's user may call with a bearer token. */
export const BEARER_TOKEN_SCP = {
  name: 'bedrock-api-keys',
  id: 'p-bearer0001',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyBearerTokenExceptProxyUser',
        Effect: 'Deny',
        Action: 'bedrock:CallWithBearerToken',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': ARN.user } },
      },
    ],
  },
};

/** The key policy: the account root only (IAM policies in the account decide). */
export const KEY_POLICY = {
  Version: '2012-10-17',
  Id: 'bedrock-proxy-key',
  Statement: [{ Sid: 'AccountRootOnly', Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${GOV}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** The API's resource policy as it was written, in API Gateway's short resource form (moto returns it so). */
export const API_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'GovAccountOnly', Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${GOV}:root` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
  ],
};

/** The function role's policy: read its one secret (decrypting via Secrets Manager only), write audit items and its logs. */
export const ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadCommercialCredential', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ARN.secret },
    {
      Sid: 'DecryptCredentialViaSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: ARN.key,
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${GOV_REGION}.amazonaws.com` } },
    },
    { Sid: 'WriteAuditItems', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: ARN.table },
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${ARN.functionLogs}:*` },
  ],
};

/** The commercial user's policy: invoke (and stream) the allowed model, and call with a bearer token. */
export const USER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'InvokeAllowedModels',
      Effect: 'Allow',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      Resource: [`arn:aws:bedrock:${COMMERCIAL_REGION}::foundation-model/${MODEL}`],
    },
    { Sid: 'BearerToken', Effect: 'Allow', Action: 'bedrock:CallWithBearerToken', Resource: '*' },
  ],
};

/** The function role as GetAccountAuthorizationDetails lists it. */
export function functionRole(document: unknown = ROLE_POLICY) {
  return {
    arn: ARN.role,
    type: 'role' as const,
    name: 'bedrock-proxy-fn',
    path: '/service-role/',
    tags: { app: 'bedrock-proxy' } as Record<string, string>,
    policies: [{ name: 'bedrock-proxy-fn', document }],
  };
}

/** The commercial user as GetAccountAuthorizationDetails lists it. */
export function commercialUser(document: unknown = USER_POLICY) {
  return {
    arn: ARN.user,
    type: 'user' as const,
    name: CREDENTIAL_USER,
    path: '/',
    tags: {} as Record<string, string>,
    policies: [{ name: 'bedrock-invoke-allowed-models', document }],
  };
}

/** One response of the proxy as the HTTP probe keeps it (header names only, body masked). */
export function transcript(status: number | undefined, body?: string, edit: Partial<HttpTranscript> = {}): HttpTranscript {
  return {
    url: INVOKE_URL,
    dialled: '127.0.0.1:9443',
    ...(status !== undefined ? { status } : {}),
    headers: status === undefined ? [] : [{ name: 'content-type' }, { name: 'content-length' }, { name: 'x-amzn-requestid' }, { name: 'x-amz-apigw-id' }],
    ...(body ? { bodyExcerpt: body } : {}),
    durationMs: 120,
    ...edit,
  };
}

/** One TLS handshake offering a single version. */
export function handshake(version: string, result: { protocol: string; certificateValid: boolean } | { error: string }): TlsVersionTranscript {
  return {
    address: `${HOSTNAME}:443`,
    dialled: '127.0.0.1:9443',
    offered: version,
    ...('error' in result ? { accepted: false, error: result.error } : { accepted: true, ...result }),
  };
}

/** The whole estate; each part data or a failed outcome. */
export interface Estate {
  restApi: Part<RestApiView>;
  resources: Part<RestApiResources>;
  stage: Part<RestApiStage>;
  usagePlans: Part<UsagePlans>;
  domains: Part<CustomDomains>;
  lambda: Part<LambdaFunctionView>;
  secret: Part<SecretView>;
  /** KMS keys by the id a check asks for (the ARN the secret and table name). */
  keys: Record<string, Part<KmsKeyView>>;
  table: Part<DynamoTableView>;
  govAuthorization: Part<AuthorizationDetails>;
  govOrganization: Part<OrganizationPath>;
  clock: Part<{ now: string }>;
  accessKeys: Part<AccessKeys>;
  apiKeys: Part<ServiceSpecificCredentials>;
  commercialAuthorization: Part<AuthorizationDetails>;
  commercialOrganization: Part<OrganizationPath>;
  http: Record<ProxyAuth, Part<HttpTranscript>>;
  tls: Record<(typeof TLS_OFFERS)[number], Part<TlsVersionTranscript>>;
  /** Audit waits by request id. */
  audit: Record<string, Part<AuditItemWait>>;
}

/** The clean estate: every check passes on it. */
export function cleanEstate(): Estate {
  return {
    restApi: { id: API_ID, name: 'bedrock-proxy', policy: API_POLICY, endpointTypes: ['REGIONAL'] },
    resources: {
      resources: [
        { id: 'r00t00', path: '/', methods: [] },
        { id: 'inv0k3', path: '/v1/bedrock/invoke-model', methods: [{ httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: true }] },
      ],
    },
    stage: {
      stageName: STAGE,
      deploymentId: 'dep1oy',
      accessLogDestination: ARN.accessLogs,
      methodSettings: { '*/*': { throttlingRateLimit: 50, throttlingBurstLimit: 100, loggingLevel: 'INFO', metricsEnabled: true } },
    },
    usagePlans: {
      plans: [
        {
          id: 'pl4n01',
          name: 'bedrock-proxy-clients',
          apiStages: [{ apiId: API_ID, stage: STAGE }],
          throttle: { rateLimit: 50, burstLimit: 100 },
          quota: { limit: 10000, period: 'DAY' },
          keyCount: 1,
        },
      ],
    },
    domains: {
      domains: [
        {
          domainName: 'bedrock-proxy.gov.example',
          securityPolicy: 'TLS_1_2',
          endpointTypes: ['REGIONAL'],
          mappings: [{ basePath: '(none)', restApiId: API_ID, stage: STAGE }],
        },
      ],
    },
    lambda: {
      arn: ARN.function,
      role: ARN.role,
      timeoutSeconds: 25,
      memorySize: 256,
      reservedConcurrency: 10,
      environment: [{ name: 'AUDIT_TABLE' }, { name: 'COMMERCIAL_REGION' }, { name: 'SECRET_ID' }],
    },
    secret: { arn: ARN.secret, name: SECRET, kmsKeyId: ARN.key, rotationEnabled: false, lastChangedDate: daysAgo(10) },
    keys: {
      [ARN.key]: { keyId: KEY_ID, arn: ARN.key, keyManager: 'CUSTOMER', keyState: 'Enabled', rotationEnabled: true, policy: KEY_POLICY },
    },
    table: { name: TABLE, arn: ARN.table, sseType: 'KMS', kmsKeyArn: ARN.key, deletionProtection: true, pointInTimeRecovery: 'ENABLED' },
    govAuthorization: { account: GOV, principals: [functionRole()] },
    govOrganization: organizationPath(GOV, GOV_ORG),
    clock: { now: NOW },
    accessKeys: { user: CREDENTIAL_USER, keys: [{ idSuffix: 'Q7XZ', status: 'Active', createDate: daysAgo(12) }] },
    apiKeys: { user: CREDENTIAL_USER, credentials: [] },
    commercialAuthorization: { account: COMMERCIAL, principals: [commercialUser()] },
    commercialOrganization: organizationPath(COMMERCIAL, COMMERCIAL_ORG, [BEARER_TOKEN_SCP]),
    http: {
      none: transcript(403, '{"message":"Forbidden"}'),
      wrong: transcript(403, '{"message":"Forbidden"}'),
      env: transcript(200, `{"requestId":"${REQUEST_ID}","output":{"message":{"role":"assistant","content":[{"text":"ok"}]}}}`, { requestId: REQUEST_ID }),
    },
    tls: {
      TLSv1: handshake('TLSv1', { error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }),
      'TLSv1.1': handshake('TLSv1.1', { error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }),
      'TLSv1.2': handshake('TLSv1.2', { protocol: 'TLSv1.2', certificateValid: true }),
    },
    audit: { [REQUEST_ID]: { found: true, polls: 2, waitedMs: 260 } },
  };
}

const outcome = <T>(part: Part<T>): ObservationOutcome => (typeof part === 'object' && part !== null && 'ok' in part ? part : { ok: true, data: part });

/** The estate as observations, keyed exactly as the checks ask (`edit` changes the clean estate first). */
export function observe(scope: ProxyScope, edit: (estate: Estate) => void = () => {}): Observations {
  const estate = cleanEstate();
  edit(estate);
  const observations = new Observations();
  const gov = (kind: Parameters<typeof govRequest>[1], args?: Record<string, string>) => govRequest(scope, kind, args);
  observations.set(gov('apigateway.restApi', { restApiId: scope.restApiId }), outcome(estate.restApi));
  observations.set(gov('apigateway.resources', { restApiId: scope.restApiId }), outcome(estate.resources));
  observations.set(gov('apigateway.stage', { restApiId: scope.restApiId, stageName: scope.stageName }), outcome(estate.stage));
  observations.set(gov('apigateway.usagePlans'), outcome(estate.usagePlans));
  observations.set(gov('apigateway.domains'), outcome(estate.domains));
  observations.set(gov('lambda.function', { functionName: scope.functionName }), outcome(estate.lambda));
  observations.set(gov('secretsmanager.secret', { secretId: scope.secretId }), outcome(estate.secret));
  for (const [keyId, key] of Object.entries(estate.keys)) observations.set(gov('kms.key', { keyId }), outcome(key));
  observations.set(gov('dynamodb.table', { tableName: scope.auditTable }), outcome(estate.table));
  observations.set(gov('iam.authorizationDetails'), outcome(estate.govAuthorization));
  observations.set(gov('organizations.path'), outcome(estate.govOrganization));
  observations.set(clockRequest(scope), outcome(estate.clock));
  if (scope.bedrockCredentialUser) {
    observations.set(commercialRequest(scope, 'iam.accessKeys', { userName: scope.bedrockCredentialUser }), outcome(estate.accessKeys));
    observations.set(commercialRequest(scope, 'iam.serviceSpecificCredentials', { userName: scope.bedrockCredentialUser }), outcome(estate.apiKeys));
  }
  observations.set(commercialRequest(scope, 'iam.authorizationDetails'), outcome(estate.commercialAuthorization));
  observations.set(commercialRequest(scope, 'organizations.path'), outcome(estate.commercialOrganization));
  if (scope.proxyUrl) {
    for (const auth of ['none', 'wrong', 'env'] as const) observations.set(httpRequest(scope, auth), outcome(estate.http[auth]));
    for (const version of TLS_OFFERS) observations.set(tlsRequest(scope, version), outcome(estate.tls[version]));
    for (const [requestId, wait] of Object.entries(estate.audit)) observations.set(auditRequest(scope, requestId), outcome(wait));
  }
  return observations;
}
