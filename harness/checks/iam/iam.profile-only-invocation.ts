import type { ObservationRequest, Observations } from '../../model/observations.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { foundationModelArn, profileArn, type ProfileRouting } from '../../policy/cris.ts';
import type { PolicyRequest, Verdict } from '../../policy/types.ts';
import { matchesArn } from '../../policy/wildcards.ts';
import { foreignRegionsOf, partitionOf } from '../../model/partition.ts';
import { defineCheck } from '../define.ts';
import {
  authorizationRequest,
  contextFor,
  endpointOf,
  governanceNeeds,
  governanceScopeSchema,
  organizationChains,
  organizationRequest,
  policySetFor,
  routingFor,
  selectPrincipals,
  type GovernanceScope,
} from './governance-scope.ts';

const OTHER_ACCOUNT = '999999999999';

/** One expectation about one request. */
interface Case {
  label: string;
  request: PolicyRequest;
  expect: 'Allow' | 'Deny';
}

/** The five families of cases for one principal, profile and action; every request carries the principal's context. */
function casesFor(scope: GovernanceScope, principal: string, routing: ProfileRouting, action: string, base: PolicyRequest['context']): Case[] {
  const cases: Case[] = [];
  const ask = (label: string, resource: string, context: PolicyRequest['context'], expect: Case['expect']) =>
    cases.push({ label, request: { principal, action, resource, context: { ...base, ...context } }, expect });
  ask(`(a) ${action} on the profile ${routing.profileArn}`, routing.profileArn, { 'aws:RequestedRegion': scope.sourceRegion }, 'Allow');
  // Profiles the suite sanctions are not "other": a principal may use each of them.
  const sanctioned = new Set(scope.inferenceProfileIds.map((id) => profileArn(id, scope.sourceRegion, scope.accountId)));
  const others = [
    profileArn(routing.profileId, scope.sourceRegion, OTHER_ACCOUNT),
    profileArn(`global.${routing.modelId}`, scope.sourceRegion, scope.accountId),
    profileArn(`${routing.profileId.startsWith('us.') ? 'eu' : 'us'}.${routing.modelId}`, scope.sourceRegion, scope.accountId),
  ].filter((arn) => !sanctioned.has(arn));
  for (const destination of routing.destinations) {
    const via = { 'bedrock:InferenceProfileArn': routing.profileArn, 'aws:RequestedRegion': destination.requestedRegion };
    ask(`(b) ${action} on ${destination.modelArn} through the profile`, destination.modelArn, via, 'Allow');
    ask(
      `(c) ${action} on ${destination.modelArn} as a direct call (bedrock:InferenceProfileArn absent)`,
      destination.modelArn,
      { 'aws:RequestedRegion': destination.requestedRegion },
      'Deny',
    );
    for (const other of others) {
      ask(
        `(d) ${action} on ${destination.modelArn} through another profile ${other}`,
        destination.modelArn,
        { ...via, 'bedrock:InferenceProfileArn': other },
        'Deny',
      );
    }
  }
  if (!routing.global) {
    // Foreign Regions come from the source Region's partition: another partition cannot be reached at all.
    for (const region of foreignRegionsOf(scope.sourceRegion, scope.residencyRegions)) {
      const model = foundationModelArn(routing.modelId, region);
      ask(
        `(e) ${action} on ${model}, outside the residency Regions`,
        model,
        { 'bedrock:InferenceProfileArn': routing.profileArn, 'aws:RequestedRegion': region },
        'Deny',
      );
    }
    // A geographic profile must never reach the Region-less ARN that global routing uses.
    const anywhere = foundationModelArn(routing.modelId, '', partitionOf(scope.sourceRegion));
    ask(
      `(e) ${action} on ${anywhere} (global routing) through a geographic profile`,
      anywhere,
      { 'bedrock:InferenceProfileArn': routing.profileArn, 'aws:RequestedRegion': 'unspecified' },
      'Deny',
    );
  }
  return cases;
}

const holds = (verdict: Verdict, expect: Case['expect']) => (expect === 'Allow' ? verdict.decision === 'Allow' : verdict.decision !== 'Allow');

/** The target kind, to know whether IAM's own simulator can cross-check (real accounts only). */
const targetRequest = (scope: GovernanceScope): ObservationRequest<'target.dataPlane'> => ({
  kind: 'target.dataPlane',
  account: scope.accountId,
  region: scope.sourceRegion,
});

/** The simulator request for one case; context keys sorted so equal cases share one call. */
function simulationRequest(scope: GovernanceScope, entry: Case): ObservationRequest<'iam.simulation'> {
  const context = JSON.stringify(Object.fromEntries(Object.entries(entry.request.context).sort(([a], [b]) => a.localeCompare(b))));
  return {
    kind: 'iam.simulation',
    account: scope.accountId,
    region: scope.sourceRegion,
    args: { principal: entry.request.principal, action: entry.request.action, resource: entry.request.resource, context },
  };
}

/** Every principal × profile with its cases, as both probes() and evaluate() see them. */
function plan(scope: GovernanceScope, observations: Observations) {
  const details = observations.get(authorizationRequest(scope));
  const { selected, unmatched } = selectPrincipals(details.principals, scope.principalArns, matchesArn);
  const endpoint = endpointOf(scope, observations);
  const path = endpoint && 'path' in endpoint ? endpoint.path : undefined;
  const pairs = scope.inferenceProfileIds.flatMap((profileId) => {
    const { routing, note } = routingFor(scope, observations, profileId);
    return selected.map((principal) => {
      const base = contextFor(scope, observations, principal, path);
      return {
        principal,
        profileId,
        routing,
        note,
        cases: routing ? scope.actions.flatMap((action) => casesFor(scope, principal.arn, routing, action, base)) : [],
      };
    });
  });
  return { pairs, unmatched, endpoint };
}

export default defineCheck({
  id: 'iam.profile-only-invocation',
  title: 'Each principal can invoke models in the destination Regions only through the source-Region inference profile',
  severity: 'critical',
  rationale:
    'The CRIS pattern allows the profile ARN, and the destination-Region model ARNs only with bedrock:InferenceProfileArn equal to that profile; anything looser lets a principal call models directly, through another account’s or geography’s profile, or outside the residency Regions — the data-residency claim auditors test first (Amazon Bedrock User Guide, “Increase throughput with cross-Region inference” and its IAM policy examples). SCPs, RCPs and the permission boundary are part of every verdict.',
  remediation:
    'Allow bedrock:InvokeModel* on the profile ARN; allow it on the destination model ARNs only with "StringEquals": {"bedrock:InferenceProfileArn": "<profile ARN>"}; deny model ARNs with "Null": {"bedrock:InferenceProfileArn": "true"}. The finding names the statement to change.',
  params: governanceScopeSchema,
  needs: (scope) => [...governanceNeeds(scope), targetRequest(scope)],
  probes(scope, observations) {
    if (observations.get(targetRequest(scope)).targetKind !== 'aws') return [];
    return plan(scope, observations).pairs.flatMap((pair) => pair.cases.map((entry) => simulationRequest(scope, entry)));
  },
  evaluate(observations, scope) {
    const chains = organizationChains(observations.get(organizationRequest(scope)));
    const crossCheck = observations.get(targetRequest(scope)).targetKind === 'aws';
    const { pairs, unmatched, endpoint } = plan(scope, observations);
    if (endpoint && 'problem' in endpoint) {
      return [
        {
          status: 'error',
          resource: {
            type: 'AWS::EC2::VPCEndpoint',
            id: scope.endpointVpcId!,
            account: scope.endpointAccountId ?? scope.accountId,
            region: scope.endpointRegion ?? scope.sourceRegion,
          },
          message: `The suite names the endpoint the workload calls through, but ${endpoint.problem}; its policy is part of every verdict, so none is given.`,
        },
      ];
    }
    const findings: FindingDraft[] = unmatched.map((arn) => ({
      status: 'error',
      resource: { type: 'AWS::IAM::Role', id: arn, account: scope.accountId },
      message: `No IAM principal ${arn} exists in account ${scope.accountId}; check principal_arns.`,
    }));
    for (const { principal, profileId, routing, note, cases } of pairs) {
      const resource = {
        type: principal.type === 'role' ? 'AWS::IAM::Role' : 'AWS::IAM::User',
        id: principal.arn,
        name: principal.name,
        account: scope.accountId,
      };
      if (principal.unreadablePolicies) {
        findings.push({
          status: 'error',
          resource,
          message: `Cannot judge ${principal.name} for ${profileId}: the document of ${principal.unreadablePolicies.join(', ')} could not be read (GetAccountAuthorizationDetails returned no version of it), and an unread policy could hold a Deny.`,
        });
        continue;
      }
      if (!routing) {
        findings.push({ status: 'error', resource, message: `Cannot judge ${principal.name} for ${profileId}: ${note}.` });
        continue;
      }
      const policies = policySetFor(principal, chains, endpoint && 'policy' in endpoint ? endpoint.policy : undefined);
      const results = cases.map((entry) => ({ entry, verdict: evaluate(entry.request, policies(entry.request.resource)) }));
      if (crossCheck) {
        // IAM's simulator is the reference on real accounts: a disagreement makes the verdict incomplete.
        const disagreements = results.flatMap(({ entry, verdict }) => {
          const simulated = observations.get(simulationRequest(scope, entry));
          const simulatorAllows = simulated.decision === 'allowed';
          return simulatorAllows === (verdict.decision === 'Allow')
            ? []
            : [
                {
                  case: entry.label,
                  crisp: `${verdict.decision}: ${verdict.reason}`,
                  simulator: `${simulated.decision} (${simulated.matchedStatements.map((statement) => `${statement.sourcePolicyType}:${statement.sourcePolicyId}`).join(', ') || 'no matched statement'})`,
                },
              ];
        });
        if (disagreements.length > 0) {
          findings.push({
            status: 'error',
            resource,
            message: `crisp and iam:SimulatePrincipalPolicy disagree for ${principal.name} on ${disagreements.length} case${disagreements.length > 1 ? 's' : ''}, first: ${disagreements[0]!.case} — crisp: ${disagreements[0]!.crisp}; simulator: ${disagreements[0]!.simulator}.`,
            evidence: { disagreements },
          });
          continue;
        }
      }
      const wrong = results.filter(({ entry, verdict }) => !holds(verdict, entry.expect));
      const evidence = {
        routing: { source: routing.source, destinations: routing.destinations.map((destination) => destination.region) },
        ...(chains.note ? { organization: chains.note } : {}),
        cases: results.map(({ entry, verdict }) => ({ case: entry.label, expected: entry.expect, decision: verdict.decision, reason: verdict.reason })),
      };
      const provenance = `${note}${chains.note ? `${chains.note}; ` : ''}`;
      if (wrong.length === 0) {
        findings.push({
          status: 'pass',
          resource,
          message: `${principal.name} can invoke ${profileId} only through the profile: ${cases.length} cases hold (profile allowed, ${routing.destinations.length} destination${routing.destinations.length > 1 ? 's' : ''} only via the profile).${provenance ? ` Note: ${provenance.replace(/; $/, '.')}` : ''}`,
          evidence,
        });
        continue;
      }
      const [first] = wrong;
      const verb = first!.entry.expect === 'Allow' ? 'is not allowed' : 'is allowed';
      findings.push({
        status: 'fail',
        resource,
        message: `${principal.name}: ${first!.entry.label} ${verb} — ${first!.verdict.reason}${wrong.length > 1 ? ` (${wrong.length - 1} more case${wrong.length > 2 ? 's' : ''} wrong)` : ''}`,
        expected: first!.entry.expect,
        actual: first!.verdict.decision,
        evidence,
      });
    }
    return findings;
  },
});
