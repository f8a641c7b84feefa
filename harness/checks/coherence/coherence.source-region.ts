import { z } from 'zod';
import type { FindingDraft } from '../../model/findings.ts';
import type { ObservationRequest, Observations, PrincipalPolicies } from '../../model/observations.ts';
import { serviceHostnameIn, endpointServiceNameIn } from '../../model/partition.ts';
import { statementsOf } from '../../policy/statement.ts';
import type { PolicyDocument } from '../../policy/types.ts';
import { matchesAction, matchesArn, matchesWildcard, splitArn } from '../../policy/wildcards.ts';
import { defineCheck } from '../define.ts';
import { selectPrincipals } from '../iam/governance-scope.ts';
import { dataPlaneRequest, dnsProbeRequest, resolverFor } from '../live.ts';
import { accountId, ec2Request, networkScopeSchema, regionName } from '../network/scope.ts';
import { NetworkView } from '../network/view.ts';

export const coherenceScopeSchema = networkScopeSchema.extend({
  /** The account whose principals call Bedrock (IAM is read there). */
  accountId,
  /** The source Region the governance, latency, quota and residency suites judge. */
  sourceRegion: regionName,
  principalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/, 'must be an IAM principal ARN (wildcards allowed)')).min(1),
});

type CoherenceScope = z.output<typeof coherenceScopeSchema>;

const authorizationRequest = (scope: CoherenceScope): ObservationRequest<'iam.authorizationDetails'> => ({
  kind: 'iam.authorizationDetails',
  account: scope.accountId,
  region: scope.sourceRegion,
});

/** Names readers know a Region by, for the design sentence. */
const PLACES: Record<string, string> = { 'ap-southeast-2': 'Sydney', 'ap-southeast-4': 'Melbourne', 'ap-southeast-6': 'Auckland' };
const place = (region: string) => (PLACES[region] ? `${PLACES[region]} (${region})` : region);

/** The design an estate is, from where the app's private bedrock-runtime endpoint lives. */
function designOf(scope: CoherenceScope): string {
  return scope.endpoint.region === scope.app.region
    ? `the in-Region design: the app in ${place(scope.app.region)} calls its own Region's Bedrock endpoint`
    : `the peered design: the app in ${place(scope.app.region)} calls ${place(scope.endpoint.region)}'s Bedrock endpoint through the peering`;
}

const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/** Inference-profile ARNs a principal's Allow statements sanction: as invoke resources, or as bedrock:InferenceProfileArn values. */
export function sanctionedProfileArns(principal: PrincipalPolicies): string[] {
  const arns = new Set<string>();
  for (const policy of principal.policies) {
    for (const statement of statementsOf(policy.document as PolicyDocument)) {
      if (statement.Effect !== 'Allow') continue;
      const actions = [statement.Action ?? []].flat();
      if (!actions.some((pattern) => INVOKE.some((action) => matchesAction(pattern, action)))) continue;
      for (const resource of [statement.Resource ?? []].flat()) if (/:inference-profile\//.test(resource)) arns.add(resource);
      for (const keys of Object.values(statement.Condition ?? {})) {
        for (const [key, value] of Object.entries(keys ?? {})) {
          if (key.toLowerCase() !== 'bedrock:inferenceprofilearn') continue;
          for (const arn of [value].flat()) if (typeof arn === 'string' && /:inference-profile\//.test(arn)) arns.add(arn);
        }
      }
    }
  }
  return [...arns].sort();
}

/** The Region segment of an ARN (possibly a wildcard pattern). */
const regionOfArn = (arn: string) => splitArn(arn)?.[3] ?? '';

/** True when a sanctioned ARN cannot name a profile of `region`: its Region segment (a literal or a wildcard pattern) does not match it. */
export function sanctionsElsewhere(arn: string, region: string): boolean {
  return !matchesWildcard(regionOfArn(arn), region);
}

/** What the live DNS answer says of the private path, when crisp can ask the app VPC's resolver. */
function liveConfirmation(
  scope: CoherenceScope,
  observations: Observations,
  view: NetworkView,
  endpointIps: string[],
): { confirmed?: string; contradicts?: string } {
  const dataPlane = observations.attempt(dataPlaneRequest(scope));
  if ('failure' in dataPlane) return {};
  const resolver = resolverFor(dataPlane.data, view);
  if (!resolver) return {};
  const hostname = serviceHostnameIn('bedrock-runtime', scope.endpoint.region);
  const transcript = observations.attempt(dnsProbeRequest(scope, hostname, resolver));
  if ('failure' in transcript) return {};
  const answers = transcript.data.a.answers.filter((answer) => answer.type === 'A').map((answer) => answer.data);
  if (answers.length > 0 && answers.every((ip) => endpointIps.includes(ip)))
    return { confirmed: `the app VPC's resolver answers ${hostname} with the endpoint's private IPs (${answers.join(', ')})` };
  const said =
    answers.join(', ') ||
    transcript.data.a.rcode ||
    `no answer (${
      transcript.data.a.attempts
        .map((attempt) => attempt.error)
        .filter(Boolean)
        .join('; ') || 'none arrived'
    })`;
  return {
    contradicts: `the app VPC's resolver ${resolver} answers ${hostname} with ${said}, not the endpoint's private IPs${endpointIps.length > 0 ? ` (${endpointIps.join(', ')})` : ''} (see dns.private-resolution)`,
  };
}

export default defineCheck({
  id: 'coherence.source-region',
  title:
    'One estate, one story: the Region whose Bedrock endpoint the app reaches privately is the source Region IAM, SCPs, quotas and the residency records are judged in',
  severity: 'critical',
  rationale:
    'The source Region of a cross-Region inference call is the Region whose Bedrock endpoint the workload calls. Through a peering to Sydney that is Sydney: the AU profile then routes to Sydney and Melbourne only, IAM must sanction the Sydney profile ARN, quotas are Sydney’s, and CloudTrail records and invocation logs stay in Sydney. Suites that judge another Region pass or fail on an estate that does not exist (Amazon Bedrock User Guide, “Increase throughput with cross-Region inference”: source and destination Regions).',
  remediation:
    'Set source_region to the endpoint Region for every suite, and sanction that Region’s profile ARN in IAM; or, to make Auckland the source, call Auckland’s own Bedrock endpoint (in-Region endpoints) instead of the peered one.',
  params: coherenceScopeSchema,
  needs: (scope) => [
    ec2Request(scope, 'endpoint', 'ec2.vpcs'),
    ec2Request(scope, 'endpoint', 'ec2.vpcEndpoints'),
    ec2Request(scope, 'endpoint', 'ec2.networkInterfaces'),
    ec2Request(scope, 'app', 'ec2.vpcs'),
    dataPlaneRequest(scope),
    authorizationRequest(scope),
  ],
  probes(scope, observations) {
    const resolver = resolverFor(observations.get(dataPlaneRequest(scope)), new NetworkView(observations, scope));
    return resolver ? [dnsProbeRequest(scope, serviceHostnameIn('bedrock-runtime', scope.endpoint.region), resolver)] : [];
  },
  evaluate(observations, scope) {
    const resource = { type: 'crisp::Estate', id: `${scope.app.vpcId} → ${scope.endpoint.vpcId}`, account: scope.accountId, region: scope.sourceRegion };
    const serviceName = endpointServiceNameIn('bedrock-runtime', scope.endpoint.region);
    const endpoint = observations
      .get(ec2Request(scope, 'endpoint', 'ec2.vpcEndpoints'))
      .find((candidate) => candidate.VpcId === scope.endpoint.vpcId && candidate.ServiceName === serviceName && candidate.State?.toLowerCase() !== 'deleted');
    if (!endpoint) {
      return [
        {
          status: 'error',
          resource,
          message: `Which Region the app calls cannot be established: no ${serviceName} interface endpoint exists in ${scope.endpoint.vpcId} (see network.interface-endpoints-available).`,
        },
      ];
    }
    const interfaces = new Map(
      observations.get(ec2Request(scope, 'endpoint', 'ec2.networkInterfaces')).map((eni) => [eni.NetworkInterfaceId, eni.PrivateIpAddress ?? '']),
    );
    const endpointIps = (endpoint.NetworkInterfaceIds ?? []).map((id) => interfaces.get(id) ?? '').filter(Boolean);
    const live = liveConfirmation(scope, observations, new NetworkView(observations, scope), endpointIps);
    // A broken answer is dns.private-resolution's to report; the design still follows from where the endpoint lives.
    const liveNote = live.confirmed ? ` (confirmed: ${live.confirmed})` : live.contradicts ? ` (not confirmed live: ${live.contradicts})` : '';
    const design = designOf(scope);
    const { selected, unmatched } = selectPrincipals(observations.get(authorizationRequest(scope)).principals, scope.principalArns, matchesArn);
    const sanctioned = [...new Set(selected.flatMap(sanctionedProfileArns))].sort();
    const elsewhere = sanctioned.filter((arn) => sanctionsElsewhere(arn, scope.endpoint.region));
    // What IAM could not be read for: a pass needs every named principal and every policy of theirs.
    const unjudged = [
      ...unmatched.map((arn) => `no IAM principal ${arn} exists in account ${scope.accountId} (check principal_arns)`),
      ...selected
        .filter((principal) => principal.unreadablePolicies?.length)
        .map((principal) => `the document of ${principal.unreadablePolicies!.join(', ')} attached to ${principal.name} could not be read`),
    ];
    const evidence = {
      endpointRegion: scope.endpoint.region,
      sourceRegion: scope.sourceRegion,
      endpoint: endpoint.VpcEndpointId,
      ...(live.confirmed ? { liveDns: live.confirmed } : live.contradicts ? { liveDns: live.contradicts } : {}),
      sanctionedProfileArns: sanctioned,
      ...(unjudged.length > 0 ? { unjudged } : {}),
    };
    const problems: string[] = [];
    if (scope.sourceRegion !== scope.endpoint.region)
      problems.push(
        `the suites judge ${place(scope.sourceRegion)} as the source Region, but calls through ${endpoint.VpcEndpointId} are made in ${place(scope.endpoint.region)}, so profiles, quotas, CloudTrail records and invocation logs are ${place(scope.endpoint.region)}'s — set source_region: ${scope.endpoint.region}`,
      );
    if (elsewhere.length > 0)
      problems.push(
        `IAM sanctions ${elsewhere.join(', ')} — a profile of ${[...new Set(elsewhere.map((arn) => place(regionOfArn(arn))))].join(', ')}, which calls through ${place(scope.endpoint.region)}'s endpoint never carry; sanction arn:…:bedrock:${scope.endpoint.region}:…:inference-profile/… instead`,
      );
    if (problems.length > 0) {
      const finding: FindingDraft = {
        status: 'fail',
        resource,
        message: `The estate is ${design}${liveNote}, but ${problems.join('; and ')}.`,
        expected: scope.endpoint.region,
        actual: [scope.sourceRegion, ...elsewhere.map(regionOfArn)].filter((region, index, all) => all.indexOf(region) === index).join(', '),
        evidence,
      };
      return [finding];
    }
    if (unjudged.length > 0) {
      return [
        {
          status: 'error',
          resource,
          message: `The estate is ${design} and the suites judge ${place(scope.sourceRegion)}, but which profile ARNs IAM sanctions is not fully known: ${unjudged.join('; ')}.`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `One story: the estate is ${design}${liveNote}, and the suites judge ${place(scope.sourceRegion)} as the source Region${sanctioned.length > 0 ? `; IAM sanctions ${sanctioned.join(', ')}` : ''}.`,
        evidence,
      },
    ];
  },
});
