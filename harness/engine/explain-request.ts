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

export const explainRequestSchema = z
  .object({
    principal: z.string().startsWith('arn:', 'must be the caller ARN'),
    action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, 'must be service:Action'),
    resource: z.string().min(1),
    context: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.number()])).default({}),
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
  .strict();

export type ExplainRequest = z.output<typeof explainRequestSchema>;
