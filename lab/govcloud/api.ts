/**
 * The proxy's front door in the GovCloud account: a REST API with one method,
 * POST /v1/bedrock/invoke-model, integrated (AWS_PROXY) with the function; stage
 * `prod` with throttling and access logging; an API key in a usage plan; a custom
 * domain with a TLS policy and a base path mapping; and a resource policy that
 * lets only the GovCloud account invoke it.
 */
import {
  CreateApiKeyCommand,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../../harness/estate/clients.ts';
import { partitionOf } from '../../harness/model/partition.ts';
import { provisionLogGroup } from './function.ts';
import { apiResourcePolicy } from './policies.ts';
import { LAB_PROXY_API_KEY, NAMES, THROTTLE, type GovCloudShape } from './shape.ts';

/** The access log line: who called, when, how it went — never a header value (the API key travels in one). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  apiKeyId: '$context.identity.apiKeyId',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  integrationLatency: '$context.integrationLatency',
});

/**
 * A fixed, made-up ACM certificate ARN for the custom domain: moto does not look
 * it up, and the lab's real certificate (the proxy stand-in's) comes from the lab CA.
 */
export function customDomainCertificateArn(account: string, region: string): string {
  return `arn:${partitionOf(region)}:acm:${region}:${account}:certificate/0b6f3c55-1a2b-4c3d-8e9f-000000000001`;
}

/** The hostname API Gateway gives a REST API in a Region. */
export function executeApiHostname(restApiId: string, region: string): string {
  return `${restApiId}.execute-api.${region}.amazonaws.com`;
}

/**
 * The API as made, including the API key's value (for the proxy stand-in and
 * tests only: it is a non-enumerable property, so serialising the estate leaves it out).
 */
export interface ProxyApi {
  restApiId: string;
  rootResourceId: string;
  invokeResourceId: string;
  stageName: string;
  deploymentId: string;
  accessLogGroupArn: string;
  apiKeyId: string;
  apiKeyName: string;
  apiKeyValue: string;
  usagePlanId: string;
  customDomain: string;
  executeApiHostname: string;
}

/** Builds the API in front of `functionArn`. */
export async function provisionProxyApi(
  clients: AwsClients,
  account: string,
  region: string,
  functionArn: string,
  shape: Pick<GovCloudShape, 'methodAuth' | 'domainSecurityPolicy'>,
): Promise<ProxyApi> {
  const partition = partitionOf(region);
  const api = clients.apiGateway(account, region);
  const created = await api.send(
    new CreateRestApiCommand({
      name: NAMES.restApi,
      description: 'GovCloud to commercial Bedrock proxy',
      endpointConfiguration: { types: ['REGIONAL'] },
      apiKeySource: 'HEADER',
      policy: JSON.stringify(apiResourcePolicy(account, region)),
    }),
  );
  const restApiId = created.id!;
  const rootResourceId = created.rootResourceId!;
  let parentId = rootResourceId;
  for (const part of NAMES.invokePath.split('/').filter(Boolean)) {
    const resource = await api.send(new CreateResourceCommand({ restApiId, parentId, pathPart: part }));
    parentId = resource.id!;
  }
  const invokeResourceId = parentId;
  await api.send(
    new PutMethodCommand({
      restApiId,
      resourceId: invokeResourceId,
      httpMethod: 'POST',
      authorizationType: 'NONE',
      apiKeyRequired: shape.methodAuth === 'api-key',
    }),
  );
  await api.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: invokeResourceId,
      httpMethod: 'POST',
      type: 'AWS_PROXY',
      // Lambda proxy integrations are always called with POST, whatever the method.
      integrationHttpMethod: 'POST',
      uri: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      timeoutInMillis: 29_000,
    }),
  );
  // Without this grant API Gateway cannot invoke the function (scoped to this API's method).
  await clients.lambda(account, region).send(
    new AddPermissionCommand({
      FunctionName: functionArn,
      StatementId: 'api-gateway-invoke',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:${partition}:execute-api:${region}:${account}:${restApiId}/*/POST${NAMES.invokePath}`,
    }),
  );
  const deployment = await api.send(new CreateDeploymentCommand({ restApiId, stageName: NAMES.stage, description: 'lab deployment' }));
  const accessLogGroupArn = await provisionLogGroup(clients, account, region, NAMES.accessLogGroup, 365);
  await api.send(
    new UpdateStageCommand({
      restApiId,
      stageName: NAMES.stage,
      patchOperations: [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: String(THROTTLE.rateLimit) },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: String(THROTTLE.burstLimit) },
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: accessLogGroupArn },
        { op: 'replace', path: '/accessLogSettings/format', value: ACCESS_LOG_FORMAT },
      ],
    }),
  );
  const apiKey = await api.send(
    new CreateApiKeyCommand({ name: NAMES.apiKey, value: LAB_PROXY_API_KEY, enabled: true, description: 'GovCloud workload client of the proxy' }),
  );
  const usagePlan = await api.send(
    new CreateUsagePlanCommand({
      name: NAMES.usagePlan,
      apiStages: [{ apiId: restApiId, stage: NAMES.stage }],
      throttle: { rateLimit: THROTTLE.rateLimit, burstLimit: THROTTLE.burstLimit },
    }),
  );
  await api.send(new CreateUsagePlanKeyCommand({ usagePlanId: usagePlan.id!, keyId: apiKey.id!, keyType: 'API_KEY' }));
  await api.send(
    new CreateDomainNameCommand({
      domainName: NAMES.customDomain,
      regionalCertificateArn: customDomainCertificateArn(account, region),
      endpointConfiguration: { types: ['REGIONAL'] },
      securityPolicy: shape.domainSecurityPolicy,
    }),
  );
  // An empty base path: the custom domain's root is the stage's root.
  await api.send(new CreateBasePathMappingCommand({ domainName: NAMES.customDomain, restApiId, stage: NAMES.stage }));
  const made = {
    restApiId,
    rootResourceId,
    invokeResourceId,
    stageName: NAMES.stage,
    deploymentId: deployment.id!,
    accessLogGroupArn,
    apiKeyId: apiKey.id!,
    apiKeyName: NAMES.apiKey,
    usagePlanId: usagePlan.id!,
    customDomain: NAMES.customDomain,
    executeApiHostname: executeApiHostname(restApiId, region),
  };
  // Not enumerable: JSON.stringify and console.log of the estate leave the key value out.
  return Object.defineProperty(made, 'apiKeyValue', { value: apiKey.value!, enumerable: false }) as ProxyApi;
}
