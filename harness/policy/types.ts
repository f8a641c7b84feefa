/** IAM policy documents, requests and verdicts, as crisp's policy engine sees them. */

/** A condition block: operator → key → value(s). */
export type ConditionBlock = Record<string, Record<string, unknown>>;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement | Statement[];
}

/** A policy with the name reports use for it. */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** One level of an organization path (root, an OU, the account) and the policies attached there. */
export interface OrgLevel {
  /** r-…, ou-…, or the account id. */
  id: string;
  policies: NamedPolicy[];
}

/** Request context values: IAM compares strings, so booleans and numbers travel as strings. */
export type ContextValue = string | string[];

/** Who calls: an IAM identity (user, role or its session, root), an AWS service, a federated identity provider, or nobody signed in. */
export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | 'Anonymous';

/** What is asked: who calls which action on which resource, with which context. */
export interface PolicyRequest {
  /** The caller: an ARN for IAM identities; a service name (`lambda.amazonaws.com`); a provider (`cognito-identity.amazonaws.com`); '' when anonymous. */
  principal: string;
  /** How to read `principal`; inferred when absent (an ARN is AWS, `*.amazonaws.com` a service, '' anonymous). */
  principalType?: PrincipalKind;
  action: string;
  resource: string;
  /** The account that owns the resource when its ARN names none (S3 buckets and objects). */
  resourceAccount?: string;
  /** True: `resource` is a pattern, and the question is whether any resource matching it is allowed. */
  wildcardResource?: boolean;
  context: Record<string, ContextValue>;
}

/** Every policy that can take part in the decision. */
export interface PolicySet {
  identity: NamedPolicy[];
  /** Permission boundary; undefined means none is set (it then limits nothing). */
  boundary?: NamedPolicy;
  /** Session policies of an assumed-role or federated session. */
  session?: NamedPolicy[];
  /** SCP levels from the root to the account; undefined or empty when SCPs do not apply. */
  scps?: OrgLevel[];
  /** RCP levels from the root to the resource's account; undefined or empty when RCPs do not apply. */
  rcps?: OrgLevel[];
  /** The resource's own policy. */
  resource?: NamedPolicy;
  /** VPC endpoint policies the request passes through. */
  endpoint?: NamedPolicy[];
}

export type PolicyType = 'identity' | 'boundary' | 'session' | 'scp' | 'rcp' | 'resource' | 'endpoint';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** One statement that matched the request, and where it sits. */
export interface StatementMatch {
  policyType: PolicyType;
  policy: string;
  /** The organization level for SCPs and RCPs. */
  level?: string;
  /** Sid, or the statement's index as `#n`. */
  statement: string;
  effect: 'Allow' | 'Deny';
}

/** The verdict and why: the statements that decided it, and each gate's outcome. */
export interface Verdict {
  decision: Decision;
  /** One sentence a person can act on. */
  reason: string;
  /** The statements that decided (the deny, the missing allow's gate, or the allows). */
  decidedBy: StatementMatch[];
  /** Every statement that matched, allow or deny, in evaluation order. */
  matched: StatementMatch[];
}
