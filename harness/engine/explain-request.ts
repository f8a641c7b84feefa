/**
 * The `crisp explain` request file: who asks, which action on which resource,
 * with which context, and the policies in play — inline, or read from a target
 * for the named principal. Documented in the README; keep the key names.
 */
import { z } from 'zod';

const statement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: z.union([z.string(), z.array(z.string())]).optional(),
    NotAction: z.union([z.string(), z.array(z.string())]).optional(),
    Resource: z.union([z.string(), z.array(z.string())]).optional(),
    NotResource: z.union([z.string(), z.array(z.string())]).optional(),
    Principal: z.unknown().optional(),
    NotPrincipal: z.unknown().optional(),
    Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .strict()
  .refine((value) => value.Action !== undefined || value.NotAction !== undefined, 'a statement needs Action or NotAction');

const document = z.object({ Version: z.string().optional(), Id: z.string().optional(), Statement: z.union([statement, z.array(statement)]) }).strict();
const named = z.object({ name: z.string(), document });
const level = z.object({ id: z.string(), policies: z.array(named) });

/** What a policy test expects the engine to answer. */
export const expectedDecision = z.enum(['Allow', 'ExplicitDeny', 'ImplicitDeny']);

export const explainRequestSchema = z
  .object({
    /** A label for the request in batch output and mismatch messages. */
    name: z.string().optional(),
    /** The caller: an IAM ARN, a service principal (lambda.amazonaws.com), a federated provider, or '' / anonymous for an unsigned call. */
    principal: z.string(),
    /** How to read `principal` when it is ambiguous (Federated, CanonicalUser); inferred otherwise. */
    principalType: z.enum(['AWS', 'Service', 'Federated', 'CanonicalUser', 'Anonymous']).optional(),
    action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, 'must be service:Action'),
    resource: z.string().min(1),
    /** The account owning the resource when its ARN names none (S3 buckets and objects). */
    resourceAccount: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    /** True: `resource` is a pattern, asking whether any resource matching it is allowed. */
    wildcardResource: z.boolean().optional(),
    context: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.number()])).default({}),
    /** The decision the request must get; with it, a mismatch exits 1. */
    expect: expectedDecision.optional(),
    /** Omit to read the principal's policies (and its account's SCPs and RCPs) from --target. */
    policies: z
      .object({
        identity: z.array(named).default([]),
        boundary: named.optional(),
        session: z.array(named).optional(),
        scps: z.array(level).optional(),
        rcps: z.array(level).optional(),
        resource: named.optional(),
        endpoint: z.array(named).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((value, issues) => {
    const type =
      value.principalType ?? (value.principal === '' || value.principal === 'anonymous' ? 'Anonymous' : value.principal.startsWith('arn:') ? 'AWS' : 'Service');
    if (type === 'AWS' && !/^arn:aws[a-z-]*:(iam|sts)::(\d{12}|aws):/.test(value.principal))
      issues.addIssue({
        code: 'custom',
        path: ['principal'],
        message: 'must be an IAM or STS ARN (arn:aws:iam::123456789012:role/app), a service principal, or "" for anonymous',
      });
    if (type === 'Service' && !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value.principal))
      issues.addIssue({ code: 'custom', path: ['principal'], message: 'a service principal looks like lambda.amazonaws.com' });
  });

export type ExplainRequest = z.output<typeof explainRequestSchema>;
