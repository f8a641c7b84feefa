import { defineCheck } from '../define.ts';
import { govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const functionRequest = (scope: ProxyScope) => govRequest(scope, 'lambda.function', { functionName: scope.functionName });

/** API Gateway's REST integration timeout: a longer Lambda timeout only leaves work running after the client got a 504. */
export const API_GATEWAY_TIMEOUT_SECONDS = 29;

export default defineCheck({
  id: 'proxy.lambda-limits',
  title: 'The proxy function has a reserved (bounded) concurrency and a timeout below API Gateway’s',
  severity: 'medium',
  rationale:
    'Reserved concurrency caps how fast the proxy can spend the commercial quota and keeps it from starving the account’s other functions; a timeout at or beyond API Gateway’s 29-second integration limit leaves invocations (and Bedrock spend) running after the client has been told the request failed (AWS Lambda Developer Guide, “Configuring reserved concurrency”; Amazon API Gateway quotas).',
  remediation: `Set reserved concurrency on the function, and its timeout below ${API_GATEWAY_TIMEOUT_SECONDS} seconds.`,
  params: proxyScopeSchema,
  needs: (scope) => [functionRequest(scope)],
  evaluate(observations, scope) {
    const fn = observations.get(functionRequest(scope));
    const resource = govResource(scope, 'AWS::Lambda::Function', fn.arn, scope.functionName);
    const problems = [
      ...(fn.reservedConcurrency === undefined
        ? ['no reserved concurrency (unbounded)']
        : fn.reservedConcurrency === 0
          ? ['reserved concurrency 0 (the function cannot run)']
          : []),
      ...(fn.timeoutSeconds >= API_GATEWAY_TIMEOUT_SECONDS ? [`timeout ${fn.timeoutSeconds} s, not below API Gateway's ${API_GATEWAY_TIMEOUT_SECONDS} s`] : []),
    ];
    const evidence = { reservedConcurrency: fn.reservedConcurrency, timeoutSeconds: fn.timeoutSeconds };
    return problems.length > 0
      ? [
          {
            status: 'fail',
            resource,
            message: `${fn.arn}: ${problems.join('; ')}.`,
            expected: `reserved concurrency, timeout < ${API_GATEWAY_TIMEOUT_SECONDS} s`,
            actual: problems.join('; '),
            evidence,
          },
        ]
      : [
          {
            status: 'pass',
            resource,
            message: `${fn.arn} runs at most ${fn.reservedConcurrency} at once with a ${fn.timeoutSeconds} s timeout, below API Gateway's ${API_GATEWAY_TIMEOUT_SECONDS} s.`,
            evidence,
          },
        ];
  },
});
