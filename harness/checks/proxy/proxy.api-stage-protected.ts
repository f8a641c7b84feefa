import { defineCheck } from '../define.ts';
import { govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const stageRequest = (scope: ProxyScope) => govRequest(scope, 'apigateway.stage', { restApiId: scope.restApiId, stageName: scope.stageName });
const plansRequest = (scope: ProxyScope) => govRequest(scope, 'apigateway.usagePlans');

export default defineCheck({
  id: 'proxy.api-stage-protected',
  title: 'The proxy stage is throttled and writes access logs',
  severity: 'high',
  rationale:
    'Without throttling a leaked key or a runaway client spends the commercial Bedrock budget and quota as fast as Lambda scales; without access logs there is no record, at the edge, of who called and when — the first thing an incident review asks for (Amazon API Gateway Developer Guide, “Throttle requests to your REST APIs” and “Set up CloudWatch logging”).',
  remediation: 'Set stage (or usage-plan) throttling rate and burst limits, and enable access logging on the stage to a CloudWatch Logs group or Firehose.',
  params: proxyScopeSchema,
  needs: (scope) => [stageRequest(scope), plansRequest(scope)],
  evaluate(observations, scope) {
    const stage = observations.get(stageRequest(scope));
    const { plans } = observations.get(plansRequest(scope));
    const resource = govResource(scope, 'AWS::ApiGateway::Stage', `${scope.restApiId}/${scope.stageName}`);
    const stageDefault = stage.methodSettings['*/*'];
    const stageThrottled = (stageDefault?.throttlingRateLimit ?? 0) > 0 && (stageDefault?.throttlingBurstLimit ?? 0) > 0;
    const planThrottled = plans.some(
      (plan) =>
        plan.apiStages.some((entry) => entry.apiId === scope.restApiId && entry.stage === scope.stageName) &&
        (plan.throttle?.rateLimit ?? 0) > 0 &&
        (plan.throttle?.burstLimit ?? 0) > 0,
    );
    const problems = [
      ...(stageThrottled || planThrottled
        ? []
        : ['no throttling limits (neither stage method settings */* nor a usage plan on the stage set a rate and a burst limit)']),
      ...(stage.accessLogDestination ? [] : ['access logging is off (no accessLogSettings destination)']),
    ];
    const evidence = { methodSettings: stage.methodSettings, accessLogDestination: stage.accessLogDestination, planThrottled };
    if (problems.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `Stage ${scope.stageName} of API ${scope.restApiId}: ${problems.join('; ')}.`,
          expected: 'throttled, access-logged',
          actual: problems.join('; '),
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `Stage ${scope.stageName} of API ${scope.restApiId} is throttled (${stageThrottled ? `stage ${stageDefault!.throttlingRateLimit}/s, burst ${stageDefault!.throttlingBurstLimit}` : 'by its usage plan'}) and writes access logs to ${stage.accessLogDestination}.`,
        evidence,
      },
    ];
  },
});
