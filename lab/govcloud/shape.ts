/**
 * The GovCloud cross-partition proxy estate, as data: the accounts, Regions and
 * names it is built with, the lab's fake commercial credentials, and the shape
 * knobs faults turn before it is built.
 */

/** The GovCloud workload account (the proxy lives here). */
export const GOV_ACCOUNT = '333333333333';
/** The GovCloud Region the proxy is built in. */
export const GOV_REGION = 'us-gov-west-1';
/** The commercial account whose Bedrock the proxy calls. */
export const COMMERCIAL_ACCOUNT = '444444444444';
/** The commercial Region the proxy calls Bedrock in. */
export const COMMERCIAL_REGION = 'us-east-1';

/** The models the commercial credential may invoke (and nothing else). */
export const ALLOWED_MODEL_IDS: readonly string[] = ['anthropic.claude-sonnet-4-5-20250929-v1:0'];

/**
 * The lab's commercial credential, stored in the secret. Deliberately fake and
 * recognisable, so a test can grep every report and evidence pack for it: crisp
 * must never read or copy a secret value. (CreateAccessKey's real answer is
 * discarded at once; see commercial.ts.)
 */
export const FAKE_COMMERCIAL_ACCESS_KEY_ID = 'AKIACRISPLABFAKE0001';
/** The secret half of the lab's fake credential: 40 characters, like a real secret access key. */
export const FAKE_COMMERCIAL_SECRET_ACCESS_KEY = 'crispLabFAKEsecretDoNotUse/000000000000X';
/**
 * The lab's fake Bedrock long-term API key (the bearer token the proxy calls Bedrock
 * with), stored in the secret. Shaped like a real one — `ABSK` + base64 of
 * `BedrockAPIKey-…-at-<account>:<secret>` — and as recognisable as the rest. IAM's
 * record of the key (id, dates) lives in the IAM stand-in's store; its value never does.
 */
export const FAKE_COMMERCIAL_BEDROCK_API_KEY = `ABSK${Buffer.from(`BedrockAPIKey-crsp-at-${COMMERCIAL_ACCOUNT}:crispLabFAKEbedrockApiKeyDoNotUse0000`).toString('base64')}`;

/** Resource names of the proxy estate. */
/**
 * The proxy client's API key: fixed, so tests can grep every artefact for it (the live
 * check sends it, and it must never be written anywhere).
 */
export const LAB_PROXY_API_KEY = 'crispLabProxyApiKeyCANARY0123456789abcdEF';

export const NAMES = {
  secret: 'bedrock-proxy/commercial-credential',
  auditTable: 'bedrock-proxy-audit',
  role: 'bedrock-proxy-fn',
  rolePolicy: 'bedrock-proxy-fn',
  function: 'bedrock-proxy',
  restApi: 'bedrock-proxy',
  stage: 'prod',
  /** The resource path of the one method, under the stage (or under the custom domain). */
  invokePath: '/v1/bedrock/invoke-model',
  apiKey: 'proxy-client',
  usagePlan: 'bedrock-proxy-clients',
  customDomain: 'bedrock-proxy.gov.example',
  keyAlias: 'alias/bedrock-proxy',
  accessLogGroup: '/aws/apigateway/bedrock-proxy-access',
  functionLogGroup: '/aws/lambda/bedrock-proxy',
  commercialUser: 'bedrock-proxy-commercial',
  commercialUserPolicy: 'bedrock-invoke-allowed-models',
} as const;

/** Stage and usage-plan throttling of the clean estate. */
export const THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
/** The function timeout: below API Gateway's 29 s integration limit, so the caller gets the function's own answer. */
export const FUNCTION_TIMEOUT_SECONDS = 25;
export const RESERVED_CONCURRENCY = 10;

/** What the proxy estate looks like; faults change it before it is built. */
export interface GovCloudShape {
  /** `api-key`: the method requires an API key; `none`: anyone who reaches the API may call it. */
  methodAuth: 'api-key' | 'none';
  /** Which key encrypts the secret: the estate's CMK, or the AWS-managed aws/secretsmanager key (no KmsKeyId). */
  secretKey: 'cmk' | 'aws-managed';
  /** The fault: a copy of the commercial credential in the function's plain environment. */
  lambdaEnvironmentCredential: boolean;
  /** The fault: the function role may do secretsmanager:* on * instead of reading its one secret. */
  roleSecretsWildcard: boolean;
  /** Point-in-time recovery on the audit table. */
  pointInTimeRecovery: boolean;
  /**
   * How many days ago the commercial Bedrock API key the proxy holds was made (its
   * CreateDate in the IAM stand-in's store); 0 = now. Needs that store. The access key
   * and the secret are dated as moto makes them: now.
   */
  credentialAgeDays: number;
  /** The custom domain's minimum TLS version. */
  domainSecurityPolicy: 'TLS_1_2' | 'TLS_1_0';
}

/** The clean estate. */
export function defaultGovCloudShape(): GovCloudShape {
  return {
    methodAuth: 'api-key',
    secretKey: 'cmk',
    lambdaEnvironmentCredential: false,
    roleSecretsWildcard: false,
    pointInTimeRecovery: true,
    credentialAgeDays: 0,
    domainSecurityPolicy: 'TLS_1_2',
  };
}
