import { defineCheck } from '../define.ts';
import { govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const functionRequest = (scope: ProxyScope) => govRequest(scope, 'lambda.function', { functionName: scope.functionName });

export default defineCheck({
  id: 'proxy.lambda-no-credentials',
  title: 'The proxy function’s environment holds no credential: the commercial credential stays in Secrets Manager',
  severity: 'critical',
  rationale:
    'Environment variables are readable by anyone with lambda:GetFunctionConfiguration and are copied into every deployment tool and log that touches the function; a commercial access key or API key there escapes the KMS-encrypted, access-logged secret the pattern depends on (AWS Lambda Developer Guide, “Securing environment variables”; AWS Secrets Manager best practices). crisp names the variable and why it looks like a credential, never its value.',
  remediation:
    'Move the value into the Secrets Manager secret the function reads at start, keep only its id (SECRET_ID) in the environment, and rotate the exposed credential.',
  params: proxyScopeSchema,
  needs: (scope) => [functionRequest(scope)],
  evaluate(observations, scope) {
    const fn = observations.get(functionRequest(scope));
    const resource = govResource(scope, 'AWS::Lambda::Function', fn.arn, scope.functionName);
    const suspicious = fn.environment.filter((variable) => variable.suspicious);
    const evidence = { variables: fn.environment };
    if (suspicious.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `The environment of ${fn.arn} holds what looks like a credential: ${suspicious.map((variable) => `${variable.name} (${variable.suspicious})`).join(', ')}. The value is not shown.`,
          expected: 'no credential in the environment',
          actual: suspicious.map((variable) => variable.name).join(', '),
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `None of the ${fn.environment.length} environment variables of ${fn.arn} (${fn.environment.map((variable) => variable.name).join(', ') || 'none'}) looks like a credential.`,
        evidence,
      },
    ];
  },
});
