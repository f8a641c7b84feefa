import { statementsOf } from '../../policy/statement.ts';
import type { PolicyDocument } from '../../policy/types.ts';
import { matchesAction } from '../../policy/wildcards.ts';
import { defineCheck } from '../define.ts';
import { commercialRequest, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const organizationRequest = (scope: ProxyScope) => commercialRequest(scope, 'organizations.path');

/** Action patterns that cover every Bedrock action alike, so they say nothing about bearer tokens. */
const BROAD = new Set(['*', 'bedrock:*']);

export default defineCheck({
  id: 'proxy.bearer-token-governance',
  title: 'The commercial organization’s SCPs govern bedrock:CallWithBearerToken (what is found is reported)',
  severity: 'low',
  rationale:
    'A Bedrock API key is a bearer token: whoever holds it calls Bedrock. Organizations that allow API keys usually govern their use with an SCP on bedrock:CallWithBearerToken (deny it outright, or allow it only for named principals or conditions); an organization whose SCPs never mention it has not decided (Amazon Bedrock User Guide, “Use Amazon Bedrock API keys”, controlling use with SCPs).',
  remediation: 'Add an SCP statement on bedrock:CallWithBearerToken: deny it where API keys are not wanted, or allow it only for the proxy’s user.',
  params: proxyScopeSchema,
  needs: (scope) => [organizationRequest(scope)],
  evaluate(observations, scope) {
    const path = observations.get(organizationRequest(scope));
    const resource = { type: 'AWS::Organizations::Account', id: scope.commercialAccountId, account: scope.commercialAccountId, region: scope.commercialRegion };
    if (!path.inOrganization)
      return [
        {
          status: 'not_applicable',
          resource,
          message: `Commercial account ${scope.commercialAccountId} is in no organization, so no SCP governs bedrock:CallWithBearerToken.`,
        },
      ];
    if (path.managementAccount === scope.commercialAccountId)
      return [
        {
          status: 'not_applicable',
          resource,
          message: `Commercial account ${scope.commercialAccountId} is the organization's management account, to which SCPs do not apply.`,
        },
      ];
    const governing = path.scpLevels.flatMap((level) =>
      level.policies.flatMap((policy) =>
        statementsOf(policy.document as PolicyDocument)
          .filter((statement) => {
            // Only a statement that names the action (or a pattern narrower than the service, such as bedrock:Call*) governs it:
            // FullAWSAccess's `*` does not, nor does a bedrock:* Region or service rule that never decided about API keys.
            const actions = [statement.Action ?? []].flat();
            return actions.some((pattern) => !BROAD.has(pattern.toLowerCase()) && matchesAction(pattern, 'bedrock:CallWithBearerToken'));
          })
          .map((statement) => `${statement.Effect} in ${policy.name} at ${level.id}${statement.Condition ? ' (with conditions)' : ''}`),
      ),
    );
    return governing.length > 0
      ? [
          {
            status: 'pass',
            resource,
            message: `The SCPs on the path of ${scope.commercialAccountId} govern bedrock:CallWithBearerToken: ${governing.join('; ')}.`,
            evidence: { statements: governing },
          },
        ]
      : [
          {
            status: 'fail',
            resource,
            message: `No SCP on the path of ${scope.commercialAccountId} names bedrock:CallWithBearerToken: Bedrock API keys are governed only by each user's IAM policies.`,
            expected: 'an SCP statement on bedrock:CallWithBearerToken',
            actual: 'none',
          },
        ];
  },
});
