/**
 * Parameters and shared reading for the GovCloud cross-partition proxy checks:
 * the GovCloud half (API Gateway → Lambda → Secrets Manager, the audit table)
 * and the commercial half (the credential the proxy holds), plus the live proxy
 * URL when the suite enables the live checks.
 */
import { z } from 'zod';
import type { ObservationKind, ObservationRequest } from '../../model/observations.ts';
import { partitionOf } from '../../model/partition.ts';
import { hasUserinfo } from '../../model/urls.ts';
import { accountId, regionName } from '../network/scope.ts';

export const proxyScopeSchema = z.object({
  govAccountId: accountId,
  govRegion: regionName.default('us-gov-west-1'),
  restApiId: z.string().regex(/^[a-z0-9]{10}$/, 'must be a REST API id (10 lower-case letters and digits)'),
  stageName: z.string().min(1),
  functionName: z.string().min(1),
  secretId: z.string().min(1),
  auditTable: z.string().min(3),
  /** Enables the live checks. */
  proxyUrl: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .refine((url) => !hasUserinfo(url), 'must not carry a user name or password (it would reach reports)')
    .optional(),
  commercialAccountId: accountId,
  commercialRegion: regionName.default('us-east-1'),
  /** The commercial IAM user whose Bedrock API key or access key the proxy holds. */
  bedrockCredentialUser: z.string().min(1).optional(),
  allowedModelIds: z.array(z.string().min(1)).min(1, 'is empty, so the check would verify nothing (a vacuous expectation)'),
  maxCredentialAgeDays: z.number().positive().default(30),
  auditWithinSeconds: z.number().positive().max(120).default(10),
  auditRequestIdAttribute: z.string().min(1).default('requestId'),
});

export type ProxyScope = z.output<typeof proxyScopeSchema>;

/** A request in the GovCloud half. */
export function govRequest<K extends ObservationKind>(scope: ProxyScope, kind: K, args?: Record<string, string>): ObservationRequest<K> {
  return { kind, account: scope.govAccountId, region: scope.govRegion, ...(args ? { args } : {}) };
}

/** A request in the commercial half. */
export function commercialRequest<K extends ObservationKind>(scope: ProxyScope, kind: K, args?: Record<string, string>): ObservationRequest<K> {
  return { kind, account: scope.commercialAccountId, region: scope.commercialRegion, ...(args ? { args } : {}) };
}

/** The run's clock, for credential ages (recorded, so a replay judges the same instant). */
export const clockRequest = (scope: ProxyScope): ObservationRequest<'run.clock'> => govRequest(scope, 'run.clock');

/** ARNs of the GovCloud half follow its partition (arn:aws-us-gov:…). */
export const govPartition = (scope: ProxyScope) => partitionOf(scope.govRegion);

/** The ARN of one method of the API, as execute-api resource policies name it. */
export function methodArn(scope: ProxyScope, httpMethod: string, path: string): string {
  return `arn:${govPartition(scope)}:execute-api:${scope.govRegion}:${scope.govAccountId}:${scope.restApiId}/${scope.stageName}/${httpMethod}${path}`;
}

/** Days between an ISO time and the run's clock. */
export function ageInDays(iso: string, now: string): number {
  return (Date.parse(now) - Date.parse(iso)) / 86_400_000;
}

/** The resource a GovCloud finding is about. */
export const govResource = (scope: ProxyScope, type: string, id: string, name?: string) => ({
  type,
  id,
  ...(name ? { name } : {}),
  account: scope.govAccountId,
  region: scope.govRegion,
});

/** A caller from outside the account, as a resource or key policy is tested against it. */
export interface Outsider {
  label: string;
  principal: string;
  account: string;
  context: Record<string, string>;
}

/** The account an outsider comes from when a policy names none (another, should the estate's own account have that id). */
const nobodyBut = (ownAccount: string) => (ownAccount === '999999999999' ? '999999999998' : '999999999999');

/**
 * The outsiders a resource or key policy must refuse: a role of an account the policy
 * names nowhere, a role of every other account it does name (as a principal or in a
 * condition — a probe from an unnamed account alone would pass a grant to a named one),
 * and a role of another account in each organization it names.
 */
export function outsidersOf(document: unknown, ownAccount: string, partition: string): Outsider[] {
  const text = JSON.stringify(document) ?? '';
  const named = new Set(text.match(/(?<!\d)\d{12}(?!\d)/g) ?? []);
  const nobody = nobodyBut(ownAccount);
  named.delete(ownAccount);
  named.delete(nobody);
  const roleOf = (account: string, label: string, extra: Record<string, string> = {}): Outsider => {
    const principal = `arn:${partition}:iam::${account}:role/crisp-outsider`;
    return {
      label,
      principal,
      account,
      context: {
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': account,
        'aws:PrincipalType': 'AssumedRole',
        'aws:PrincipalIsAWSService': 'false',
        'aws:SecureTransport': 'true',
        ...extra,
      },
    };
  };
  const organizations = [...new Set(text.match(/(?<![a-z0-9-])o-[a-z0-9]{10,32}(?![a-z0-9])/g) ?? [])];
  return [
    roleOf(nobody, 'a role of another account'),
    ...[...named].sort().map((account) => roleOf(account, `a role of account ${account}`)),
    ...organizations.map((organization) => roleOf(nobody, `a role of another account in organization ${organization}`, { 'aws:PrincipalOrgID': organization })),
  ];
}
