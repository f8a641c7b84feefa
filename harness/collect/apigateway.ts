/**
 * API Gateway (REST, v1) collector: one REST API (its resource policy parsed),
 * its resources and methods, one stage's settings, the usage plans of an
 * account and Region (how many keys each holds — never a key value), and the
 * custom domain names with their base path mappings.
 */
import {
  GetMethodCommand,
  GetRestApiCommand,
  GetStageCommand,
  paginateGetBasePathMappings,
  paginateGetDomainNames,
  paginateGetResources,
  paginateGetUsagePlanKeys,
  paginateGetUsagePlans,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import type { CustomDomains, ObservationCatalog, ObservationRequest, RestApiResources, RestApiStage, RestApiView, UsagePlans } from '../model/observations.ts';

type ApiGatewayKind = 'apigateway.restApi' | 'apigateway.resources' | 'apigateway.stage' | 'apigateway.usagePlans' | 'apigateway.domains';

/** A parsed resource policy: the document, nothing (no policy), or why the text could not be read. */
export type ParsedRestApiPolicy = { policy: unknown } | { policyUnreadable: string } | Record<string, never>;

/** JSON.parse that answers undefined instead of throwing. */
function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True for a parsed policy document (an object; a string means one more layer of quoting). */
function isDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a REST API's `policy`. moto returns the JSON as sent; AWS returns it with
 * its quotes escaped (`{\"Version\":…}`, slashes as `\/`). Tried in order: the text
 * as JSON, the text as the body of a JSON string literal (undoes every escape), the
 * text with `\"` unescaped. Text none of these reads is `policyUnreadable` — never
 * read as "no policy", since an unread policy may be the one that restricts access.
 */
export function parseRestApiPolicy(text: string | undefined): ParsedRestApiPolicy {
  if (text === undefined || text.trim() === '') return {};
  const candidates = [
    () => tryJson(text),
    () => {
      const unquoted = tryJson(`"${text}"`);
      return typeof unquoted === 'string' ? tryJson(unquoted) : undefined;
    },
    () => tryJson(text.replaceAll('\\"', '"')),
  ];
  for (const candidate of candidates) {
    let parsed = candidate();
    // A policy quoted once more arrives as a JSON string holding the document.
    if (typeof parsed === 'string') parsed = tryJson(parsed);
    if (isDocument(parsed)) return { policy: parsed };
  }
  return { policyUnreadable: `the policy text (${text.length} characters) is not JSON, even with its escaping undone` };
}

/** GetRestApi, with the resource policy parsed. */
async function restApiOf(client: APIGatewayClient, restApiId: string): Promise<RestApiView> {
  const api = await client.send(new GetRestApiCommand({ restApiId }));
  return {
    id: api.id ?? restApiId,
    ...(api.name ? { name: api.name } : {}),
    ...parseRestApiPolicy(api.policy),
    endpointTypes: api.endpointConfiguration?.types ?? [],
    ...(api.disableExecuteApiEndpoint !== undefined ? { disableExecuteApiEndpoint: api.disableExecuteApiEndpoint } : {}),
  };
}

/**
 * GetResources with the methods embedded (AWS needs `embed=methods`; moto embeds them
 * always). A method the listing names without its authorization is read with GetMethod.
 */
async function resourcesOf(client: APIGatewayClient, restApiId: string): Promise<RestApiResources> {
  const listed = await drain(paginateGetResources({ client, pageSize: 500 }, { restApiId, embed: ['methods'] }), (page) => page.items);
  const resources: RestApiResources['resources'] = [];
  for (const resource of listed) {
    const methods: RestApiResources['resources'][number]['methods'] = [];
    for (const [httpMethod, embedded] of Object.entries(resource.resourceMethods ?? {})) {
      const method =
        embedded.authorizationType === undefined || embedded.apiKeyRequired === undefined
          ? await client.send(new GetMethodCommand({ restApiId, resourceId: resource.id, httpMethod }))
          : embedded;
      if (method.authorizationType === undefined) throw new Error(`${httpMethod} ${resource.path ?? resource.id} has no authorizationType even in GetMethod`);
      methods.push({
        httpMethod: method.httpMethod ?? httpMethod,
        authorizationType: method.authorizationType,
        apiKeyRequired: method.apiKeyRequired === true,
        ...(method.authorizerId ? { authorizerId: method.authorizerId } : {}),
      });
    }
    resources.push({ id: resource.id ?? '', path: resource.path ?? '', methods });
  }
  return { resources };
}

/** GetStage: method settings keyed as API Gateway keys them, the access log destination, tracing. */
async function stageOf(client: APIGatewayClient, restApiId: string, stageName: string): Promise<RestApiStage> {
  const stage = await client.send(new GetStageCommand({ restApiId, stageName }));
  const methodSettings: RestApiStage['methodSettings'] = {};
  for (const [key, setting] of Object.entries(stage.methodSettings ?? {})) {
    methodSettings[key] = {
      ...(setting.throttlingRateLimit !== undefined ? { throttlingRateLimit: setting.throttlingRateLimit } : {}),
      ...(setting.throttlingBurstLimit !== undefined ? { throttlingBurstLimit: setting.throttlingBurstLimit } : {}),
      ...(setting.loggingLevel !== undefined ? { loggingLevel: setting.loggingLevel } : {}),
      ...(setting.metricsEnabled !== undefined ? { metricsEnabled: setting.metricsEnabled } : {}),
    };
  }
  return {
    stageName: stage.stageName ?? stageName,
    ...(stage.deploymentId ? { deploymentId: stage.deploymentId } : {}),
    ...(stage.accessLogSettings?.destinationArn ? { accessLogDestination: stage.accessLogSettings.destinationArn } : {}),
    methodSettings,
    ...(stage.tracingEnabled !== undefined ? { tracingEnabled: stage.tracingEnabled } : {}),
  };
}

/**
 * How many API keys a usage plan holds. GetUsagePlanKeys answers with each key's
 * value: only the page length is read, and no page outlives its count.
 */
async function keyCountOf(client: APIGatewayClient, usagePlanId: string): Promise<number> {
  let count = 0;
  for await (const page of paginateGetUsagePlanKeys({ client, pageSize: 500 }, { usagePlanId })) count += page.items?.length ?? 0;
  return count;
}

/** GetUsagePlans, with each plan's key count. */
async function usagePlansOf(client: APIGatewayClient): Promise<UsagePlans> {
  const listed = await drain(paginateGetUsagePlans({ client, pageSize: 500 }, {}), (page) => page.items);
  const plans: UsagePlans['plans'] = [];
  for (const plan of listed) {
    const throttle = plan.throttle;
    const quota = plan.quota;
    plans.push({
      id: plan.id ?? '',
      ...(plan.name ? { name: plan.name } : {}),
      apiStages: (plan.apiStages ?? []).map((stage) => ({ apiId: stage.apiId ?? '', stage: stage.stage ?? '' })),
      ...(throttle && (throttle.rateLimit !== undefined || throttle.burstLimit !== undefined)
        ? {
            throttle: {
              ...(throttle.rateLimit !== undefined ? { rateLimit: throttle.rateLimit } : {}),
              ...(throttle.burstLimit !== undefined ? { burstLimit: throttle.burstLimit } : {}),
            },
          }
        : {}),
      ...(quota && (quota.limit !== undefined || quota.period !== undefined)
        ? { quota: { ...(quota.limit !== undefined ? { limit: quota.limit } : {}), ...(quota.period !== undefined ? { period: quota.period } : {}) } }
        : {}),
      keyCount: await keyCountOf(client, plan.id ?? ''),
    });
  }
  return { plans };
}

/** GetDomainNames and each domain's base path mappings; an absent securityPolicy stays absent (no default is assumed). */
async function domainsOf(client: APIGatewayClient): Promise<CustomDomains> {
  const listed = await drain(paginateGetDomainNames({ client, pageSize: 500 }, {}), (page) => page.items);
  const domains: CustomDomains['domains'] = [];
  for (const domain of listed) {
    const domainName = domain.domainName ?? '';
    // A private custom domain is addressed by its id as well as its name.
    const mappings = await drain(
      paginateGetBasePathMappings({ client, pageSize: 500 }, { domainName, ...(domain.domainNameId ? { domainNameId: domain.domainNameId } : {}) }),
      (page) => page.items,
    );
    domains.push({
      domainName,
      ...(domain.securityPolicy ? { securityPolicy: domain.securityPolicy } : {}),
      endpointTypes: domain.endpointConfiguration?.types ?? [],
      mappings: mappings.map((mapping) => ({
        basePath: mapping.basePath ?? '(none)',
        restApiId: mapping.restApiId ?? '',
        ...(mapping.stage ? { stage: mapping.stage } : {}),
      })),
    });
  }
  return { domains };
}

/** The argument a kind needs, or an error naming it. */
function argOf(request: ObservationRequest, name: string): string {
  const value = request.args?.[name];
  if (!value) throw new Error(`${request.kind} needs args.${name}`);
  return value;
}

/** Collects one API Gateway observation. */
export async function collectApiGateway<K extends ApiGatewayKind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const client = context.clients.apiGateway(request.account, request.region);
  switch (request.kind) {
    case 'apigateway.restApi':
      return (await restApiOf(client, argOf(request, 'restApiId'))) as ObservationCatalog[K];
    case 'apigateway.resources':
      return (await resourcesOf(client, argOf(request, 'restApiId'))) as ObservationCatalog[K];
    case 'apigateway.stage':
      return (await stageOf(client, argOf(request, 'restApiId'), argOf(request, 'stageName'))) as ObservationCatalog[K];
    case 'apigateway.usagePlans':
      return (await usagePlansOf(client)) as ObservationCatalog[K];
    case 'apigateway.domains':
      return (await domainsOf(client)) as ObservationCatalog[K];
  }
  throw new Error(`no API Gateway collector for ${request.kind}`);
}
