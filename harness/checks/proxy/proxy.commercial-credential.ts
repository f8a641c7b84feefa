import type { FindingDraft } from '../../model/findings.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { foundationModelArn } from '../../policy/cris.ts';
import type { ContextValue, PolicyRequest } from '../../policy/types.ts';
import { partitionOf } from '../../model/partition.ts';
import { defineCheck } from '../define.ts';
import { organizationChains, policySetFor } from '../iam/governance-scope.ts';
import { principalContext } from '../iam/request-context.ts';
import { ageInDays, clockRequest, commercialRequest, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const keysRequest = (scope: ProxyScope) => commercialRequest(scope, 'iam.accessKeys', { userName: scope.bedrockCredentialUser! });
const apiKeysRequest = (scope: ProxyScope) => commercialRequest(scope, 'iam.serviceSpecificCredentials', { userName: scope.bedrockCredentialUser! });
const authorizationRequest = (scope: ProxyScope) => commercialRequest(scope, 'iam.authorizationDetails');
const organizationRequest = (scope: ProxyScope) => commercialRequest(scope, 'organizations.path');

/** What the credential's user must and must not be able to do in the commercial account. */
function casesFor(
  scope: ProxyScope,
  userArn: string,
  context: Record<string, ContextValue>,
): { label: string; request: PolicyRequest; expect: 'Allow' | 'Deny' }[] {
  const ask = (action: string, resource: string, extra: Partial<PolicyRequest> = {}): PolicyRequest => ({
    principal: userArn,
    action,
    resource,
    context: { ...context, 'aws:RequestedRegion': scope.commercialRegion },
    ...extra,
  });
  const partition = partitionOf(scope.commercialRegion);
  const allowed = scope.allowedModelIds.map((modelId) => ({
    label: `invoke ${modelId}`,
    request: ask('bedrock:InvokeModel', modelId.startsWith('arn:') ? modelId : foundationModelArn(modelId, scope.commercialRegion)),
    expect: 'Allow' as const,
  }));
  return [
    ...allowed,
    {
      label: 'invoke another model',
      request: ask('bedrock:InvokeModel', foundationModelArn('crisp.probe-other-model-v1:0', scope.commercialRegion)),
      expect: 'Deny',
    },
    // Any resource: bedrock:* on foundation-model/* allows it as surely as a grant on `*`.
    { label: 'customise models', request: ask('bedrock:CreateModelCustomizationJob', '*', { wildcardResource: true }), expect: 'Deny' },
    {
      label: 'manage IAM',
      request: ask('iam:CreateAccessKey', `arn:${partition}:iam::${scope.commercialAccountId}:user/*`, { wildcardResource: true }),
      expect: 'Deny',
    },
    {
      label: 'read S3',
      request: ask('s3:GetObject', `arn:${partition}:s3:::*`, { resourceAccount: scope.commercialAccountId, wildcardResource: true }),
      expect: 'Deny',
    },
  ];
}

export default defineCheck({
  id: 'proxy.commercial-credential',
  title: 'The commercial credential the proxy holds is young enough, and its user may only invoke the allowed models',
  severity: 'critical',
  rationale:
    'The proxy crosses a partition boundary with a long-term commercial credential — a Bedrock API key (service-specific credential) or an access key. Beyond the agreed age a leaked copy stays useful; beyond invoking the allowed models a leaked copy can do more than the proxy ever needs (Amazon Bedrock User Guide, “Use Amazon Bedrock API keys”; IAM User Guide, “Rotate access keys”, “Apply least-privilege permissions”).',
  remediation:
    'Rotate the credential within the allowed age (and update the GovCloud secret), and limit the user’s policies to bedrock:InvokeModel* on the allowed model ARNs (and bedrock:CallWithBearerToken for an API key).',
  params: proxyScopeSchema,
  needs: (scope) =>
    scope.bedrockCredentialUser
      ? [keysRequest(scope), apiKeysRequest(scope), authorizationRequest(scope), organizationRequest(scope), clockRequest(scope)]
      : [],
  evaluate(observations, scope) {
    const resourceOf = (id: string) => ({ type: 'AWS::IAM::User', id, account: scope.commercialAccountId, region: scope.commercialRegion });
    if (!scope.bedrockCredentialUser)
      return [
        {
          status: 'not_applicable',
          resource: resourceOf('bedrock_credential_user'),
          message: 'The suite names no bedrock_credential_user, so the commercial credential is not judged; name the IAM user whose key the proxy holds.',
        },
      ];
    const { now } = observations.get(clockRequest(scope));
    const user = observations
      .get(authorizationRequest(scope))
      .principals.find((principal) => principal.type === 'user' && principal.name === scope.bedrockCredentialUser);
    if (!user)
      return [
        {
          status: 'error',
          resource: resourceOf(scope.bedrockCredentialUser),
          message: `No IAM user ${scope.bedrockCredentialUser} exists in commercial account ${scope.commercialAccountId}.`,
        },
      ];
    const resource = resourceOf(user.arn);
    if (user.unreadablePolicies)
      return [
        {
          status: 'error',
          resource,
          message: `Cannot judge ${user.arn}: the document of ${user.unreadablePolicies.join(', ')} could not be read, and it could grant more.`,
        },
      ];
    const problems: string[] = [];
    const notes: string[] = [];
    const active = observations.get(keysRequest(scope)).keys.filter((key) => key.status === 'Active');
    const apiKeys = observations.attempt(apiKeysRequest(scope));
    // An expired Bedrock API key authenticates nothing, whatever its status says.
    const bedrockKeys =
      'data' in apiKeys
        ? apiKeys.data.credentials.filter(
            (credential) =>
              credential.status === 'Active' &&
              /bedrock/.test(credential.serviceName) &&
              !(credential.expirationDate && Date.parse(credential.expirationDate) <= Date.parse(now)),
          )
        : [];
    if ('failure' in apiKeys) notes.push(`Bedrock API keys could not be listed (${apiKeys.failure.reason})`);
    const credentials = [
      ...active.map((key) => ({ what: `access key …${key.idSuffix}`, created: key.createDate })),
      ...bedrockKeys.map((key) => ({ what: `Bedrock API key …${key.idSuffix}`, created: key.createDate })),
    ];
    for (const credential of credentials) {
      const age = ageInDays(credential.created, now);
      if (age > scope.maxCredentialAgeDays) problems.push(`${credential.what} is ${Math.floor(age)} days old, beyond ${scope.maxCredentialAgeDays}`);
    }
    if (credentials.length === 0 && !('failure' in apiKeys)) problems.push('it has no active credential for the proxy to hold');
    const organization = observations.get(organizationRequest(scope));
    const policies = policySetFor(user, organizationChains(organization));
    const context = principalContext({ principal: user, organization, now });
    const results = casesFor(scope, user.arn, context).map((entry) => ({ entry, verdict: evaluate(entry.request, policies(entry.request.resource)) }));
    for (const { entry, verdict } of results)
      if ((entry.expect === 'Allow') !== (verdict.decision === 'Allow'))
        problems.push(`it ${entry.expect === 'Allow' ? 'cannot' : 'can'} ${entry.label} — ${verdict.reason}`);
    const evidence = {
      credentials: credentials.map((credential) => ({ ...credential, ageDays: Math.floor(ageInDays(credential.created, now)) })),
      cases: results.map(({ entry, verdict }) => ({ case: entry.label, expected: entry.expect, decision: verdict.decision })),
      ...(notes.length > 0 ? { notes } : {}),
    };
    if (problems.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `Commercial credential user ${user.arn}: ${problems.join('; ')}.`,
          expected: `credentials ≤ ${scope.maxCredentialAgeDays} days, invoke only`,
          actual: problems.join('; '),
          evidence,
        },
      ];
    // A listing that failed (not one the target lacks) may hide an old Bedrock API key: never a pass.
    if ('failure' in apiKeys && (apiKeys.failure.status === 'error' || credentials.length === 0))
      return [
        {
          status: apiKeys.failure.status,
          resource,
          message: `Commercial credential user ${user.arn}: ${notes.join('; ')}, so ${credentials.length === 0 ? 'it has no access key and the credential the proxy holds' : 'the age of every credential it holds'} cannot be judged.`,
          evidence,
        },
      ];
    const finding: FindingDraft = {
      status: 'pass',
      resource,
      message: `Commercial credential user ${user.arn} holds ${credentials.map((credential) => credential.what).join(', ')}, each within ${scope.maxCredentialAgeDays} days, and may only invoke ${scope.allowedModelIds.join(', ')}.${notes.length > 0 ? ` Note: ${notes.join('; ')}.` : ''}`,
      evidence,
    };
    return [finding];
  },
});
