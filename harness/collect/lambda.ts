/**
 * Lambda collector: one function's configuration and reserved concurrency. Its
 * environment leaves as variable names only, each with why it looks like a
 * credential when it does — a value is judged here and dropped.
 */
import { GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { CollectContext } from './context.ts';
import { credentialShape, isCredentialShapedName } from '../model/credential-shapes.ts';
import type { LambdaFunctionView, ObservationRequest } from '../model/observations.ts';

/**
 * Environment variable names with what their values look like. Values never leave:
 * the pairs are judged one at a time and only the name and the reason are kept. A
 * name that is itself shaped like a credential is masked to its last four characters.
 */
export function environmentOf(variables: Record<string, string> | undefined): LambdaFunctionView['environment'] {
  return Object.keys(variables ?? {})
    .sort()
    .map((name) => {
      if (isCredentialShapedName(name))
        return { name: `(credential-shaped name ending ${name.slice(-4)})`, suspicious: 'the name itself looks like a credential' };
      const suspicious = credentialShape(name, variables![name] ?? '');
      return { name, ...(suspicious ? { suspicious } : {}) };
    });
}

/** GetFunctionConfiguration and GetFunctionConcurrency for one function. */
export async function collectLambda(context: CollectContext, request: ObservationRequest<'lambda.function'>): Promise<LambdaFunctionView> {
  if (request.kind !== 'lambda.function') throw new Error(`no Lambda collector for ${request.kind}`);
  const functionName = request.args?.functionName;
  if (!functionName) throw new Error('lambda.function needs args.functionName');
  const client = context.clients.lambda(request.account, request.region);
  const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  const environment = configuration.Environment;
  // Variables Lambda could not return are unknown, not absent: judging "no credential in the environment" on them would pass blind.
  if (environment?.Error && !environment.Variables) {
    throw new Error(`the environment of ${functionName} could not be read: ${environment.Error.ErrorCode ?? 'error'}`);
  }
  // AWS always states the timeout; a limit check never judges a default crisp assumed.
  if (configuration.Timeout === undefined) throw new Error(`GetFunctionConfiguration did not state the timeout of ${functionName}`);
  const concurrency = await client.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
  return {
    arn: configuration.FunctionArn ?? '',
    role: configuration.Role ?? '',
    timeoutSeconds: configuration.Timeout,
    ...(configuration.MemorySize !== undefined ? { memorySize: configuration.MemorySize } : {}),
    ...(concurrency.ReservedConcurrentExecutions !== undefined ? { reservedConcurrency: concurrency.ReservedConcurrentExecutions } : {}),
    environment: environmentOf(environment?.Variables),
  };
}
