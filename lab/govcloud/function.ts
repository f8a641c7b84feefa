/**
 * The proxy function in the GovCloud account: its log group, its execution role
 * (trusted by Lambda, scoped to the secret, the audit table and its logs) and the
 * Lambda function itself, with a timeout below API Gateway's and reserved
 * concurrency. moto never runs the function; the loopback proxy stand-in does its job.
 */
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../../harness/estate/clients.ts';
import { partitionOf } from '../../harness/model/partition.ts';
import { functionRolePolicy, lambdaTrustPolicy } from './policies.ts';
import {
  FAKE_COMMERCIAL_ACCESS_KEY_ID,
  FAKE_COMMERCIAL_SECRET_ACCESS_KEY,
  FUNCTION_TIMEOUT_SECONDS,
  NAMES,
  RESERVED_CONCURRENCY,
  type GovCloudShape,
} from './shape.ts';
import { buildZip } from './zip.ts';

/** The ARN of a CloudWatch Logs group (no `:*` suffix: the form access logging and DescribeLogGroups' logGroupArn use). */
export function logGroupArn(account: string, region: string, name: string): string {
  return `arn:${partitionOf(region)}:logs:${region}:${account}:log-group:${name}`;
}

/** Creates a log group with a retention policy; returns its ARN. */
export async function provisionLogGroup(clients: AwsClients, account: string, region: string, name: string, retentionDays: number): Promise<string> {
  const logs = clients.logs(account, region);
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retentionDays }));
  return logGroupArn(account, region, name);
}

/** The function's deployment package: a placeholder handler, since the lab's proxy runs on loopback. */
export function functionPackage(): Buffer {
  const handler = [
    '// Placeholder: in the lab the proxy runs as a loopback stand-in; moto only stores this package.',
    "export const handler = async () => ({ statusCode: 501, body: JSON.stringify({ message: 'not run by the lab' }) });",
    '',
  ].join('\n');
  return buildZip([{ name: 'index.mjs', content: handler }]);
}

/** What the function's execution role may reach. */
export interface FunctionWiring {
  secretName: string;
  secretArn: string;
  tableName: string;
  tableArn: string;
  keyArn: string;
  commercialRegion: string;
}

/** The role and function as made. */
export interface ProxyFunction {
  roleName: string;
  roleArn: string;
  functionName: string;
  functionArn: string;
  logGroupName: string;
  logGroupArn: string;
}

/** The function's environment: where to read the credential and write audit items; (fault) a copy of the credential itself. */
export function functionEnvironment(wiring: FunctionWiring, shape: Pick<GovCloudShape, 'lambdaEnvironmentCredential'>): Record<string, string> {
  return {
    SECRET_ID: wiring.secretName,
    AUDIT_TABLE: wiring.tableName,
    COMMERCIAL_REGION: wiring.commercialRegion,
    ...(shape.lambdaEnvironmentCredential
      ? { COMMERCIAL_ACCESS_KEY_ID: FAKE_COMMERCIAL_ACCESS_KEY_ID, COMMERCIAL_SECRET_ACCESS_KEY: FAKE_COMMERCIAL_SECRET_ACCESS_KEY }
      : {}),
  };
}

/** Creates the execution role and the function. The role must exist first: moto refuses a function whose role it cannot find. */
export async function provisionProxyFunction(
  clients: AwsClients,
  account: string,
  region: string,
  wiring: FunctionWiring,
  shape: Pick<GovCloudShape, 'lambdaEnvironmentCredential' | 'roleSecretsWildcard'>,
): Promise<ProxyFunction> {
  const logGroup = await provisionLogGroup(clients, account, region, NAMES.functionLogGroup, 365);
  // IAM is split by partition: only a client of the GovCloud partition makes an arn:aws-us-gov role.
  const iam = clients.iam(account, region);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: NAMES.role,
      AssumeRolePolicyDocument: JSON.stringify(lambdaTrustPolicy()),
      Description: 'Execution role of the Bedrock cross-partition proxy',
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: NAMES.role,
      PolicyName: NAMES.rolePolicy,
      PolicyDocument: JSON.stringify(
        functionRolePolicy({ region, secretArn: wiring.secretArn, tableArn: wiring.tableArn, keyArn: wiring.keyArn, logGroupArn: logGroup }, shape),
      ),
    }),
  );
  const roleArn = role.Role!.Arn!;
  const lambda = clients.lambda(account, region);
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: NAMES.function,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: roleArn,
      Code: { ZipFile: functionPackage() },
      Timeout: FUNCTION_TIMEOUT_SECONDS,
      MemorySize: 256,
      Environment: { Variables: functionEnvironment(wiring, shape) },
      Description: 'GovCloud to commercial Bedrock proxy',
    }),
  );
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: NAMES.function, ReservedConcurrentExecutions: RESERVED_CONCURRENCY }));
  return {
    roleName: NAMES.role,
    roleArn,
    functionName: NAMES.function,
    functionArn: created.FunctionArn!,
    logGroupName: NAMES.functionLogGroup,
    logGroupArn: logGroup,
  };
}
