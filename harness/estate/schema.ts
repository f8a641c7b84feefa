/**
 * Target files (YAML or JSON): where the estate lives. The key names are a
 * contract with users' files; keep them.
 */
import { z } from 'zod';

const ACCOUNT_ID = /^\d{12}$/;

/** `http(s)://host:port` of an emulator. */
const endpointUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:5000' });

/**
 * The AWS APIs crisp reads, by the service id the SDK uses for them; `endpoints:`
 * keys must be one of these. The Bedrock runtime is absent on purpose: it is
 * reached through the data plane (DNS, the connect map), which is what is tested.
 */
export const API_SERVICE_IDS = [
  'apigateway',
  'bedrock',
  'cloudtrail',
  'dynamodb',
  'ec2',
  'iam',
  'kms',
  'lambda',
  'logs',
  'organizations',
  'route53',
  'route53profiles',
  'route53resolver',
  's3',
  'secretsmanager',
  'servicequotas',
  'sts',
] as const;

export type ApiServiceId = (typeof API_SERVICE_IDS)[number];

/** A per-service endpoint URL: never carrying credentials (userinfo would end up in reports). */
const serviceEndpointUrl = endpointUrl.refine((url) => !/^[a-z]+:\/\/[^/@]*@/i.test(url), 'must not carry a user name or password');

/** `endpoints: { <service>: <url> }` — overrides one service's endpoint for every account and Region. */
const serviceEndpoints = z
  .record(z.string(), serviceEndpointUrl)
  .superRefine((value, context) => {
    for (const key of Object.keys(value)) {
      if (!(API_SERVICE_IDS as readonly string[]).includes(key))
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `unknown service '${key}': must be one of the services crisp calls (${API_SERVICE_IDS.join(', ')})`,
        });
    }
  })
  .transform((value) => value as Partial<Record<ApiServiceId, string>>)
  .describe('Per-service endpoint URLs (keys as the SDK names services: bedrock, cloudtrail, logs, s3, sts, …), overriding `endpoint:` for that service.');

const accountsMap = z.record(
  z.string().regex(ACCOUNT_ID, 'account ids are 12 digits'),
  z
    .object({
      profile: z.string().optional().describe('Named profile of the shared config/credentials files.'),
      roleArn: z.string().startsWith('arn:', 'must be an IAM role ARN').optional().describe('Role to assume in this account.'),
    })
    .strict(),
);

/** `host:port` (IPv6 hosts in brackets). */
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:5353');

/** How probes reach the data plane: where they stand, which resolver they ask, how dials are redirected. */
export const dataPlaneSchema = z
  .object({
    vantage: z
      .enum(['inside-app-vpc', 'outside'])
      .default('outside')
      .describe('inside-app-vpc: crisp runs in the app VPC (CodeBuild, ECS task, self-hosted runner); outside: a workstation or CI.'),
    resolver: hostPort.optional().describe('DNS resolver to ask; default inside the app VPC: its CIDR base + 2, port 53.'),
    connect: z
      .record(hostPort, hostPort)
      .default({})
      .describe('Dial redirections like curl --connect-to: "10.1.1.5:443": "127.0.0.1:8443" (an SSM port forward).'),
    connectOnly: z.boolean().default(false).describe('Dial only through the connect map; an unmapped address is an error, never dialled.'),
    caFile: z.string().optional().describe('PEM bundle to verify endpoint certificates with, instead of the system CAs.'),
  })
  .strict();

export type DataPlaneSettings = z.output<typeof dataPlaneSchema>;

const common = {
  name: z.string().optional().describe('Label for reports.'),
  endpoints: serviceEndpoints.optional(),
  dataPlane: dataPlaneSchema.optional().describe('Live DNS and TLS probing; without it the vantage is outside and live checks are skipped.'),
};

/** The embedded default: starts moto, provisions the reference estate, runs, stops it. */
export const labTargetSchema = z
  .object({
    kind: z.literal('lab'),
    ...common,
    variant: z.enum(['same-account', 'cross-account']).default('cross-account'),
    design: z
      .enum(['peered', 'auckland-direct'])
      .default('peered')
      .describe(
        'peered: the Auckland app VPC reaches Sydney’s Bedrock endpoints through a peering (Sydney is the source Region); auckland-direct: the endpoints live in Auckland itself.',
      ),
    fault: z.string().optional().describe('A named fault from the lab catalogue to inject after provisioning.'),
    shapes: z.array(z.string()).default([]).describe('Clean variants of the estate’s shape (lab/variants.ts) to build it with.'),
    scale: z.int().min(1).max(100).default(1).describe('Number of app VPCs peered to the endpoint hub.'),
    fleet: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Build the N× fleet instead: 5N app VPCs over 3 accounts × 3 Regions sharing one endpoint set, 4N zones, 50N extra roles, N/2 SCPs (no fault, shapes, scale or design).',
      ),
    pageSize: z.int().min(1).max(1000).optional().describe('Answer every listing crisp pages through in pages of at most this many entries (the lab pager).'),
  })
  .strict()
  .superRefine((target, context) => {
    if (target.fleet === undefined) return;
    const clashes = (['fault', 'scale', 'design', 'variant'] as const).filter((key) =>
      key === 'fault'
        ? target.fault !== undefined
        : key === 'scale'
          ? target.scale > 1
          : key === 'design'
            ? target.design !== 'peered'
            : target.variant !== 'cross-account',
    );
    if (target.shapes.length > 0) clashes.push('shapes' as never);
    for (const key of clashes)
      context.addIssue({ code: 'custom', path: [key], message: 'a lab fleet is built as it is: it takes no fault, shapes, scale, design or variant' });
  });

export const motoTargetSchema = z
  .object({
    kind: z.literal('moto'),
    ...common,
    endpoint: endpointUrl,
    accounts: accountsMap
      .optional()
      .describe("Per-account credentials (profile, roleArn) for a moto that enforces IAM (POST /moto-api/reset-auth); other accounts use moto's test key."),
  })
  .strict();

export const localstackTargetSchema = z
  .object({
    kind: z.literal('localstack'),
    ...common,
    endpoint: endpointUrl.optional(),
    start: z.boolean().default(false).describe('Start LocalStack through Testcontainers (needs a container runtime).'),
    image: z
      .string()
      .default('localstack/localstack:4.14.0')
      .describe('Pinned LocalStack image (4.14.0, the last that starts without LOCALSTACK_AUTH_TOKEN; newer tags need it).'),
  })
  .strict()
  .refine((target) => target.start || target.endpoint, { message: 'give an endpoint, or start: true' });

export const awsTargetSchema = z
  .object({
    kind: z.literal('aws'),
    ...common,
    accounts: accountsMap.default({}),
  })
  .strict();

export const targetSchema = z.discriminatedUnion('kind', [labTargetSchema, motoTargetSchema, localstackTargetSchema, awsTargetSchema]);

/** The names the lab knows, so a lab target's fault and shapes are checked before anything starts. */
export interface LabCatalogue {
  faults: readonly string[];
  shapes: readonly string[];
}

/** "unknown lab fault 'x'", with the names that share a word with it (the catalogue has dozens: README lists them). */
function unknownName(what: 'fault' | 'shape', input: unknown, known: readonly string[]): string {
  if (typeof input !== 'string') return `a lab ${what} is a name from the lab catalogue`;
  const words = new Set(
    input
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 2),
  );
  const similar = known.filter((name) => name.split('-').some((word) => words.has(word))).slice(0, 4);
  return `unknown lab ${what} '${input}'${similar.length > 0 ? `; did you mean ${similar.join(', ')}?` : ''} (README's lab section lists every ${what})`;
}

/** The target schema with the lab's fault and shape names enumerated (errors then name the file, line and field). */
export function targetSchemaFor(lab: LabCatalogue | undefined) {
  if (!lab) return targetSchema;
  const labWithNames = labTargetSchema.safeExtend({
    fault: z
      .enum(lab.faults as [string, ...string[]], { error: (issue) => unknownName('fault', issue.input, lab.faults) })
      .optional()
      .describe('A named fault from the lab catalogue to inject after provisioning.'),
    shapes: z
      .array(z.enum(lab.shapes as [string, ...string[]], { error: (issue) => unknownName('shape', issue.input, lab.shapes) }))
      .default([])
      .describe('Clean variants of the estate’s shape to build it with.'),
  });
  return z.discriminatedUnion('kind', [labWithNames, motoTargetSchema, localstackTargetSchema, awsTargetSchema]);
}

export type TargetFile = z.output<typeof targetSchema>;
export type LabTarget = z.output<typeof labTargetSchema>;
export type AwsTarget = z.output<typeof awsTargetSchema>;
