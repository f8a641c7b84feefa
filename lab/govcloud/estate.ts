/**
 * Provisions the GovCloud cross-partition proxy estate into moto: GovCloud
 * workloads reach commercial Bedrock through API Gateway → Lambda → Secrets
 * Manager (the commercial credential — a Bedrock API key — under a CMK) → HTTPS to
 * commercial Bedrock, auditing each request into DynamoDB. The GovCloud half lives
 * in us-gov-west-1 (ARNs `arn:aws-us-gov:`), the commercial user in us-east-1; its
 * Bedrock API key, which moto lacks, is recorded in the IAM stand-in's store.
 * Faults change the shape before it is built.
 */
import type { AwsClients } from '../../harness/estate/clients.ts';
import { InputError } from '../../harness/model/errors.ts';
import type { ServiceSpecificCredentialStore } from '../controlplane/service-specific-credentials.ts';
import { provisionProxyApi, type ProxyApi } from './api.ts';
import { provisionCommercialUser, type CommercialCredential } from './commercial.ts';
import { provisionProxyFunction, type ProxyFunction } from './function.ts';
import { ALLOWED_MODEL_IDS, COMMERCIAL_ACCOUNT, COMMERCIAL_REGION, GOV_ACCOUNT, GOV_REGION, type GovCloudShape } from './shape.ts';
import { provisionAuditTable, provisionCredentialSecret, provisionProxyKey, type AuditTable, type CredentialSecret, type ProxyKey } from './storage.ts';

export { defaultGovCloudShape, type GovCloudShape } from './shape.ts';

/** Everything the proxy estate is made of, by id, ARN and name. */
export interface GovCloudEstate {
  shape: GovCloudShape;
  gov: { account: string; region: string };
  commercial: { account: string; region: string };
  key: ProxyKey;
  secret: CredentialSecret;
  auditTable: AuditTable;
  fn: ProxyFunction;
  /** The API, including the API key's value: for the proxy stand-in and tests only, never a report. */
  api: ProxyApi;
  credential: CommercialCredential;
  allowedModelIds: readonly string[];
}

/** Options of a provisioning run. */
export interface GovCloudOptions {
  /**
   * Where the commercial Bedrock API key is recorded: the IAM stand-in's store
   * (lab/controlplane/iam-stand-in.ts), which answers ListServiceSpecificCredentials
   * from it. The lab always passes it; without it the user has only its access key,
   * and a shape with `credentialAgeDays > 0` is refused.
   */
  serviceCredentials?: ServiceSpecificCredentialStore;
}

/**
 * Builds the estate. The commercial user gets an access key (moto's, dated now) and,
 * with a store, the Bedrock API key the proxy holds, dated `credentialAgeDays` back.
 */
export async function provisionGovCloud(clients: AwsClients, shape: GovCloudShape, options: GovCloudOptions = {}): Promise<GovCloudEstate> {
  if (!Number.isInteger(shape.credentialAgeDays) || shape.credentialAgeDays < 0)
    throw new InputError(`credentialAgeDays is a whole number of days >= 0, not ${shape.credentialAgeDays}`);
  if (shape.credentialAgeDays > 0 && !options.serviceCredentials) {
    throw new InputError(
      `credentialAgeDays ${shape.credentialAgeDays} dates the commercial Bedrock API key, which lives in the IAM stand-in's store: pass it as serviceCredentials`,
    );
  }
  const gov = { account: GOV_ACCOUNT, region: GOV_REGION };
  const commercial = { account: COMMERCIAL_ACCOUNT, region: COMMERCIAL_REGION };
  const key = await provisionProxyKey(clients, gov.account, gov.region);
  const credential = await provisionCommercialUser(
    clients,
    commercial.account,
    commercial.region,
    ALLOWED_MODEL_IDS,
    options.serviceCredentials ? { store: options.serviceCredentials, ageDays: shape.credentialAgeDays } : undefined,
  );
  const secret = await provisionCredentialSecret(clients, gov.account, gov.region, key, shape, commercial.region);
  const auditTable = await provisionAuditTable(clients, gov.account, gov.region, key, shape);
  const fn = await provisionProxyFunction(
    clients,
    gov.account,
    gov.region,
    {
      secretName: secret.name,
      secretArn: secret.arn,
      tableName: auditTable.name,
      tableArn: auditTable.arn,
      keyArn: key.keyArn,
      commercialRegion: commercial.region,
    },
    shape,
  );
  const api = await provisionProxyApi(clients, gov.account, gov.region, fn.functionArn, shape);
  return { shape, gov, commercial, key, secret, auditTable, fn, api, credential, allowedModelIds: ALLOWED_MODEL_IDS };
}

/** The suite variables of the proxy estate (no secret, no API key value). */
export function govCloudVars(estate: GovCloudEstate, proxyUrl?: string): Record<string, string | string[]> {
  return {
    gov_account_id: estate.gov.account,
    gov_region: estate.gov.region,
    rest_api_id: estate.api.restApiId,
    stage_name: estate.api.stageName,
    function_name: estate.fn.functionName,
    secret_id: estate.secret.name,
    audit_table: estate.auditTable.name,
    ...(proxyUrl !== undefined ? { proxy_url: proxyUrl } : {}),
    commercial_account_id: estate.commercial.account,
    commercial_region: estate.commercial.region,
    bedrock_credential_user: estate.credential.userName,
    allowed_model_ids: [...estate.allowedModelIds],
  };
}
