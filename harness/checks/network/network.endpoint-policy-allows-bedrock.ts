import { z } from 'zod';
import type { VpcEndpoint } from '../../model/aws-shapes.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { ObservationUnavailable, type ObservationRequest, type Observations } from '../../model/observations.ts';
import { partitionOf } from '../../model/partition.ts';
import { parseProfileId, profileArn, routeProfile } from '../../policy/cris.ts';
import { describeMatch, evaluate } from '../../policy/evaluate.ts';
import type { PolicyDocument, PolicyRequest } from '../../policy/types.ts';
import { defineCheck } from '../define.ts';
import { networkScopeSchema, onSide, type NetworkScope } from './scope.ts';
import { ec2Resource, NetworkView } from './view.ts';

/** Grants everything, so that only the endpoint policy can refuse. */
const ALLOW_ALL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** What AWS applies to an endpoint created without a policy. */
const DEFAULT_FULL_ACCESS: PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const DEFAULT_PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';

const params = networkScopeSchema.extend({
  principalArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/, 'must be an IAM principal ARN'))
    .min(1)
    .optional()
    .describe('The workload principals that call Bedrock through the endpoints; default a role of the app account.'),
  inferenceProfileIds: z
    .array(z.string().refine((id) => parseProfileId(id) !== undefined, 'must be an inference profile id'))
    .min(1)
    .default([DEFAULT_PROFILE])
    .describe('The inference profiles the workload invokes through bedrock-runtime.'),
});
type Params = z.output<typeof params>;

const membershipRequest = (scope: NetworkScope): ObservationRequest<'organizations.membership'> => ({
  kind: 'organizations.membership',
  account: scope.app.account,
  region: scope.app.region,
});

/** The calls the workload makes through one service's endpoint, as requests (principal filled in later). */
function callsThrough(scope: Params, service: string): { action: string; resource: string; context: Record<string, string> }[] {
  const partition = partitionOf(scope.endpoint.region);
  const region = scope.endpoint.region;
  const account = scope.app.account;
  const arn = (suffix: string) => `arn:${partition}:bedrock:${region}:${account}:${suffix}`;
  switch (service) {
    case 'bedrock-runtime':
      return scope.inferenceProfileIds.flatMap((profileId) => {
        const routing = routeProfile(profileId, region, account, {});
        const profile = profileArn(profileId, region, account);
        return ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'].flatMap((action) => [
          { action, resource: profile, context: { 'aws:RequestedRegion': region } },
          ...(routing?.destinations ?? []).map((destination) => ({
            action,
            resource: destination.modelArn,
            context: { 'aws:RequestedRegion': destination.requestedRegion, 'bedrock:InferenceProfileArn': profile },
          })),
        ]);
      });
    case 'bedrock-agent-runtime':
      return [
        { action: 'bedrock:InvokeAgent', resource: arn('agent-alias/AGENT00001/ALIAS00001'), context: { 'aws:RequestedRegion': region } },
        { action: 'bedrock:Retrieve', resource: arn('knowledge-base/KB00000001'), context: { 'aws:RequestedRegion': region } },
        { action: 'bedrock:RetrieveAndGenerate', resource: '*', context: { 'aws:RequestedRegion': region } },
      ];
    case 'bedrock-agent':
      return [
        { action: 'bedrock:ListAgents', resource: '*', context: { 'aws:RequestedRegion': region } },
        { action: 'bedrock:GetAgent', resource: arn('agent/AGENT00001'), context: { 'aws:RequestedRegion': region } },
      ];
    case 'bedrock':
      return [
        { action: 'bedrock:ListFoundationModels', resource: '*', context: { 'aws:RequestedRegion': region } },
        { action: 'bedrock:ListInferenceProfiles', resource: '*', context: { 'aws:RequestedRegion': region } },
        ...scope.inferenceProfileIds.map((id) => ({
          action: 'bedrock:GetInferenceProfile',
          resource: profileArn(id, region, account),
          context: { 'aws:RequestedRegion': region },
        })),
      ];
    default:
      return [];
  }
}

/** The endpoint's policy document (the default full access when it has none), or why it cannot be read. */
function policyOf(endpoint: VpcEndpoint): { document?: PolicyDocument; problem?: string; defaulted: boolean } {
  if (!endpoint.PolicyDocument) return { document: DEFAULT_FULL_ACCESS, defaulted: true };
  try {
    return { document: JSON.parse(endpoint.PolicyDocument) as PolicyDocument, defaulted: false };
  } catch (error) {
    return { problem: `its policy document is not JSON (${(error as Error).message})`, defaulted: false };
  }
}

/** True when some in-scope endpoint policy conditions on the caller's organization (then its id is read). */
function usesOrgKeys(scope: NetworkScope, observations: Observations): boolean {
  const view = new NetworkView(observations, scope);
  return scope.services.some((service) => view.endpointsFor(service).some((endpoint) => /aws:PrincipalOrg/i.test(endpoint.PolicyDocument ?? '')));
}

export default defineCheck({
  id: 'network.endpoint-policy-allows-bedrock',
  title: 'The policy of every in-scope interface endpoint lets the app account’s principals make the Bedrock calls the workload needs',
  severity: 'high',
  rationale:
    'An interface endpoint’s policy filters every request that passes through it: a policy that denies, or does not allow, InvokeModel on the inference profile and its destination models, the agent runtime calls or the control-plane reads refuses them with AccessDenied although routes, DNS and IAM are right (AWS PrivateLink Guide, “Control access to VPC endpoints using endpoint policies”; Amazon Bedrock User Guide, interface endpoint policies).',
  remediation:
    'Allow the workload’s principals (or the app account, or the organization with aws:PrincipalOrgID) the Bedrock actions on the endpoint: aws ec2 modify-vpc-endpoint --vpc-endpoint-id <vpce> --policy-document file://policy.json (or --reset-policy for full access).',
  params,
  needs: (scope) => [...onSide(scope, 'endpoint', ['ec2.vpcs', 'ec2.vpcEndpoints'])],
  probes: (scope, observations) => (usesOrgKeys(scope, observations) ? [membershipRequest(scope)] : []),
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const missing = view.missingVpcFindings(['endpoint']);
    if (missing.length > 0) return missing;
    const partition = partitionOf(scope.app.region);
    const principals = scope.principalArns ?? [`arn:${partition}:iam::${scope.app.account}:role/crisp-workload-principal`];
    let orgId: string | undefined;
    let orgNote = '';
    if (usesOrgKeys(scope, observations)) {
      try {
        orgId = observations.get(membershipRequest(scope)).id;
      } catch (error) {
        if (!(error instanceof ObservationUnavailable)) throw error;
        orgNote = ` (the app account's organization could not be read: ${error.failure.reason})`;
      }
    }
    return scope.services.flatMap((service): FindingDraft[] => {
      const endpoints = view.endpointsFor(service);
      if (endpoints.length === 0) return [view.noEndpointSkip(service)];
      const calls = callsThrough(scope, service);
      return endpoints.map((endpoint): FindingDraft => {
        const resource = ec2Resource(scope, 'endpoint', 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpointId!, endpoint.Tags);
        const { document, problem, defaulted } = policyOf(endpoint);
        if (!document) return { status: 'error', resource, message: `Endpoint ${endpoint.VpcEndpointId} (${service}): ${problem}.` };
        if (calls.length === 0) {
          return { status: 'not_applicable', resource, message: `crisp knows no workload calls for ${service}; the endpoint policy is not judged.` };
        }
        const results = principals.flatMap((principal) =>
          calls.map((call) => {
            const request: PolicyRequest = {
              principal,
              action: call.action,
              resource: call.resource,
              context: {
                ...call.context,
                'aws:PrincipalArn': principal,
                'aws:PrincipalAccount': scope.app.account,
                'aws:SourceVpce': endpoint.VpcEndpointId ?? '',
                'aws:SourceVpc': scope.endpoint.vpcId,
                ...(orgId ? { 'aws:PrincipalOrgID': orgId } : {}),
              },
            };
            try {
              return {
                request,
                verdict: evaluate(request, { identity: [{ name: 'allow-all', document: ALLOW_ALL }], endpoint: [{ name: endpoint.VpcEndpointId!, document }] }),
              };
            } catch (error) {
              return { request, problem: (error as Error).message };
            }
          }),
        );
        const broken = results.find((result) => 'problem' in result && result.problem);
        if (broken && 'problem' in broken) {
          return { status: 'error', resource, message: `Endpoint ${endpoint.VpcEndpointId} (${service}): its policy cannot be evaluated: ${broken.problem}.` };
        }
        const denied = results.filter((result) => result.verdict && result.verdict.decision !== 'Allow');
        const evidence = {
          policy: document,
          ...(defaulted ? { note: 'no policy document: the default full access applies' } : {}),
          cases: results.map((result) => ({
            principal: result.request.principal,
            action: result.request.action,
            resource: result.request.resource,
            decision: result.verdict?.decision,
          })),
        };
        if (denied.length === 0) {
          return {
            status: 'pass',
            resource,
            message: `The policy of endpoint ${endpoint.VpcEndpointId} (${service}) allows the ${calls.length} workload call${calls.length > 1 ? 's' : ''} for ${principals.length > 1 ? `${principals.length} principals` : principals[0]}.`,
            evidence,
          };
        }
        const first = denied[0]!;
        const why = first.verdict!.decidedBy[0] ? `denied by ${describeMatch(first.verdict!.decidedBy[0])}` : 'no statement allows it';
        return {
          status: 'fail',
          resource,
          message: `The policy of endpoint ${endpoint.VpcEndpointId} (${service}) refuses ${first.request.action} on ${first.request.resource} for ${first.request.principal}: ${why}${orgNote}${denied.length > 1 ? ` (${denied.length - 1} more call${denied.length > 2 ? 's' : ''} refused)` : ''}.`,
          expected: 'Allow',
          actual: first.verdict!.decision,
          evidence,
        };
      });
    });
  },
});
