/**
 * IAM ListServiceSpecificCredentials over a ServiceSpecificCredentialStore: the
 * request's query parameters validated with IAM's error codes, one page answered as
 * the Result's XML. No I/O: the stand-in does the HTTP and asks moto whether the
 * user exists.
 */
import type { Partition } from '../../harness/model/partition.ts';
import { iamDate, xmlElement, type IamErrorCode } from './iam-query.ts';
import { pageOf } from './page-token.ts';
import { SERVICE_SPECIFIC_CREDENTIAL_SERVICES, type ServiceSpecificCredential, type ServiceSpecificCredentialStore } from './service-specific-credentials.ts';

/** A validated request. */
export interface ListServiceSpecificCredentialsRequest {
  userName?: string;
  serviceName?: string;
  allUsers: boolean;
  marker?: string;
  maxItems: number;
}

/** A validated request, or the error IAM would answer. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: IamErrorCode; message: string };

/** IAM's bounds for MaxItems, and its page size when none is asked. */
const MAX_ITEMS = { min: 1, max: 1000, default: 100 };
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

const invalid = (error: IamErrorCode, message: string) => ({ ok: false as const, error, message });

/** Reads UserName, ServiceName, AllUsers, Marker and MaxItems as IAM validates them. */
export function parseListServiceSpecificCredentials(parameters: URLSearchParams): Parsed<ListServiceSpecificCredentialsRequest> {
  const userName = parameters.get('UserName') ?? undefined;
  const serviceName = parameters.get('ServiceName') ?? undefined;
  const allUsersParameter = parameters.get('AllUsers');
  const marker = parameters.get('Marker') ?? undefined;
  const maxItemsParameter = parameters.get('MaxItems');
  if (userName !== undefined && !USER_NAME.test(userName))
    return invalid(
      'ValidationError',
      `1 validation error detected: Value '${userName}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
    );
  if (serviceName !== undefined && !(SERVICE_SPECIFIC_CREDENTIAL_SERVICES as readonly string[]).includes(serviceName))
    return invalid('NotSupportedService', `The service ${serviceName} does not support service-specific credentials.`);
  if (allUsersParameter !== null && allUsersParameter !== 'true' && allUsersParameter !== 'false')
    return invalid(
      'ValidationError',
      `1 validation error detected: Value '${allUsersParameter}' at 'allUsers' failed to satisfy constraint: Member must be a boolean`,
    );
  const allUsers = allUsersParameter === 'true';
  if (allUsers && userName !== undefined) return invalid('InvalidInput', 'AllUsers cannot be specified together with UserName.');
  const maxItems = maxItemsParameter === null ? MAX_ITEMS.default : Number(maxItemsParameter);
  if (!Number.isInteger(maxItems) || maxItems < MAX_ITEMS.min || maxItems > MAX_ITEMS.max)
    return invalid(
      'ValidationError',
      `1 validation error detected: Value '${maxItemsParameter}' at 'maxItems' failed to satisfy constraint: Member must have value between ${MAX_ITEMS.min} and ${MAX_ITEMS.max}`,
    );
  return {
    ok: true,
    value: {
      ...(userName !== undefined ? { userName } : {}),
      ...(serviceName !== undefined ? { serviceName } : {}),
      allUsers,
      ...(marker !== undefined ? { marker } : {}),
      maxItems,
    },
  };
}

/** One ServiceSpecificCredentialMetadata member (never a password or secret: the store has none). */
function memberXml(credential: ServiceSpecificCredential): string {
  return [
    '<member>',
    xmlElement('UserName', credential.userName),
    xmlElement('Status', credential.status),
    xmlElement('ServiceUserName', credential.serviceUserName),
    xmlElement('CreateDate', iamDate(credential.createDate)),
    credential.expirationDate ? xmlElement('ExpirationDate', iamDate(credential.expirationDate)) : '',
    xmlElement('ServiceSpecificCredentialId', credential.id),
    xmlElement('ServiceName', credential.serviceName),
    '</member>',
  ].join('');
}

/**
 * One page of the (account, partition)'s credentials as the Result's inner XML. Without
 * UserName or AllUsers IAM lists the caller's own: the caller of a moto target is the
 * account's root, which holds no service-specific credentials, so that page is empty.
 */
export function listServiceSpecificCredentials(
  store: ServiceSpecificCredentialStore,
  scope: { account: string; partition: Partition },
  request: ListServiceSpecificCredentialsRequest,
): Parsed<{ resultXml: string; credentials: ServiceSpecificCredential[] }> {
  const all =
    request.userName === undefined && !request.allUsers
      ? []
      : store.list({
          ...scope,
          ...(request.userName !== undefined ? { userName: request.userName } : {}),
          ...(request.serviceName !== undefined ? { serviceName: request.serviceName } : {}),
        });
  const page = pageOf(all, (credential) => credential.id, {
    maxResults: request.maxItems,
    ...(request.marker !== undefined ? { nextToken: request.marker } : {}),
    query: { operation: 'ListServiceSpecificCredentials', ...scope, userName: request.userName, serviceName: request.serviceName, allUsers: request.allUsers },
  });
  if (!page) return invalid('InvalidInput', 'Invalid Marker.');
  const resultXml = [
    `<ServiceSpecificCredentials>${page.page.map(memberXml).join('')}</ServiceSpecificCredentials>`,
    xmlElement('IsTruncated', String(page.nextToken !== undefined)),
    page.nextToken !== undefined ? xmlElement('Marker', page.nextToken) : '',
  ].join('');
  return { ok: true, value: { resultXml, credentials: page.page } };
}
