/**
 * What the resource of a request implies for evaluation: which account owns it
 * (same- or cross-account logic), whether its service requires the resource's
 * own policy to allow even within the account (KMS key policies, role trust
 * policies), which actions need no permission at all (sts:GetCallerIdentity),
 * and which resources no customer may change (AWS-managed policies, reserved
 * roles, AWS-managed KMS aliases).
 */
import type { Caller } from './principals.ts';
import type { PolicyRequest } from './types.ts';
import { splitArn } from './wildcards.ts';

/** The request cannot be evaluated as given (a missing resource account, say). */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/** Who owns the resource: an account, AWS itself (foundation models, `*`: no resource policy), or the caller's own namespace. */
export interface ResourceOwner {
  /** The owning account; undefined for AWS-owned resources, which are judged by the caller's side alone. */
  account: string | undefined;
}

const lower = (text: string) => text.toLowerCase();

/** The owner of the request's resource; S3-style ARNs without an account need `resourceAccount`. */
export function resourceOwnerOf(request: PolicyRequest, caller: Caller): ResourceOwner {
  if (request.resourceAccount) return { account: request.resourceAccount };
  const parts = splitArn(request.resource);
  if (!parts) return { account: undefined };
  const [, , service, , account] = parts as [string, string, string, string, string, string];
  if (/^\d{12}$/.test(account)) return { account };
  // arn:aws:iam::aws:policy/… is AWS's namespace, read in the caller's account.
  if (account === 'aws') return { account: caller.account };
  if (service === 's3') {
    throw new InvalidRequestError(`${request.resource} names no account: give resourceAccount (the bucket owner) to judge same- or cross-account access`);
  }
  return { account: undefined };
}

/** True for actions AWS answers for any signed-in caller without a permission, which no policy can deny (an unsigned call is refused). */
export function needsNoPermission(action: string): boolean {
  return lower(action) === 'sts:getcalleridentity';
}

/** The resource policy a request needs even within one account, or undefined when identity policies may grant alone. */
export function mandatoryResourcePolicy(request: PolicyRequest): 'key policy' | 'trust policy' | undefined {
  const action = lower(request.action);
  if (action.startsWith('kms:') && /^arn:[^:]+:kms:[^:]*:\d{12}:key\//.test(request.resource)) return 'key policy';
  // Every STS action on a role — AssumeRole*, TagSession, SetSourceIdentity, SetContext — is authorised by its trust policy.
  if (/^sts:assumerole(withsaml|withwebidentity)?$/.test(action) || (action.startsWith('sts:') && /^arn:[^:]+:iam::\d{12}:role\//.test(request.resource)))
    return 'trust policy';
  return undefined;
}

/** True for actions that change a role (its policies, trust, tags, existence). */
const ROLE_MUTATIONS = new Set(
  [
    'AttachRolePolicy',
    'CreateRole',
    'CreateServiceLinkedRole',
    'DeleteRole',
    'DeleteRolePermissionsBoundary',
    'DeleteRolePolicy',
    'DeleteServiceLinkedRole',
    'DetachRolePolicy',
    'PassRole',
    'PutRolePermissionsBoundary',
    'PutRolePolicy',
    'TagRole',
    'UntagRole',
    'UpdateAssumeRolePolicy',
    'UpdateRole',
    'UpdateRoleDescription',
  ].map((name) => `iam:${name.toLowerCase()}`),
);
const POLICY_MUTATIONS = new Set(
  ['CreatePolicy', 'CreatePolicyVersion', 'DeletePolicy', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'TagPolicy', 'UntagPolicy'].map(
    (name) => `iam:${name.toLowerCase()}`,
  ),
);
const ALIAS_MUTATIONS = new Set(['kms:createalias', 'kms:updatealias', 'kms:deletealias']);

/** Why no customer policy can allow the request (a resource AWS reserves), or undefined. */
export function reservedResource(request: PolicyRequest): string | undefined {
  const action = lower(request.action);
  const resource = request.resource;
  if (POLICY_MUTATIONS.has(action) && /^arn:[^:]+:iam::aws:policy\//.test(resource))
    return `${resource} is an AWS-managed policy, which customers cannot change`;
  if (ROLE_MUTATIONS.has(action) && /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\//.test(resource))
    return `${resource} is a role AWS reserves (aws-reserved/), which customers cannot change`;
  if (ALIAS_MUTATIONS.has(action) && /^arn:[^:]+:kms:[^:]*:\d{12}:alias\/aws\//.test(resource))
    return `${resource} is an alias of an AWS-managed key (alias/aws/), which customers cannot change`;
  return undefined;
}
