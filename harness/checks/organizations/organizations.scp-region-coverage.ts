import type { FindingDraft } from '../../model/findings.ts';
import { describeMatch, evaluate } from '../../policy/evaluate.ts';
import type { PolicyDocument } from '../../policy/types.ts';
import { matchesArn } from '../../policy/wildcards.ts';
import { defineCheck } from '../define.ts';
import {
  authorizationRequest,
  contextFor,
  governanceNeeds,
  governanceScopeSchema,
  organizationChains,
  organizationRequest,
  routingFor,
  selectPrincipals,
} from '../iam/governance-scope.ts';

/** Grants everything, so that only the SCP chain can deny. */
const ALLOW_ALL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export default defineCheck({
  id: 'organizations.scp-region-coverage',
  title: 'At every level of the account’s OU path the SCPs allow the Bedrock actions in every destination Region of every required profile',
  severity: 'critical',
  rationale:
    'Cross-Region inference runs in destination Regions the caller never named; a Region allow-list SCP that omits one of them (or the literal Region `unspecified` that global profiles use) denies those requests, and every level from the root to the account must allow — a level with FullAWSAccess detached and nothing instead denies everything below it. SCPs also condition on who calls — a deny for principals tagged `data-class=restricted` or matching `role/app-*` — so each principal is judged with the context AWS supplies: its ARN, tags, account and organization path (Amazon Bedrock User Guide on cross-Region inference and SCPs; AWS Organizations, “SCP evaluation”).',
  remediation:
    'Add the destination Regions (and `unspecified` for global profiles) to the aws:RequestedRegion allow-list SCP, or exempt bedrock:InvokeModel* for requests carrying bedrock:InferenceProfileArn; keep an Allow (FullAWSAccess) attached at every level.',
  params: governanceScopeSchema,
  needs: governanceNeeds,
  evaluate(observations, scope) {
    const path = observations.get(organizationRequest(scope));
    const chains = organizationChains(path);
    const resource = { type: 'AWS::Organizations::Account', id: scope.accountId, account: scope.accountId };
    if (chains.note) return [{ status: 'not_applicable', resource, message: `No SCP applies: ${chains.note}.` }];
    // SCPs condition on who calls (aws:PrincipalTag, aws:PrincipalArn, org paths): each selected principal is asked with its own context.
    const { selected, unmatched } = selectPrincipals(observations.get(authorizationRequest(scope)).principals, scope.principalArns, matchesArn);
    const findings: FindingDraft[] = unmatched.map((arn) => ({
      status: 'error',
      resource: { type: 'AWS::IAM::Role', id: arn, account: scope.accountId },
      message: `No IAM principal ${arn} exists in account ${scope.accountId}; check principal_arns.`,
    }));
    if (selected.length === 0) return findings;
    const contexts = selected.map((principal) => ({ principal, context: contextFor(scope, observations, principal, undefined) }));
    for (const profileId of scope.inferenceProfileIds) {
      const { routing, note } = routingFor(scope, observations, profileId);
      if (!routing) {
        findings.push({ status: 'error', resource, message: `Cannot judge SCPs for ${profileId}: ${note}.` });
        continue;
      }
      for (const destination of routing.destinations) {
        const deniedTo: { name: string; reasons: string[] }[] = [];
        const verdicts: { principal: string; action: string; decision: string; reason: string }[] = [];
        for (const { principal, context } of contexts) {
          const reasons: string[] = [];
          for (const action of scope.actions) {
            const verdict = evaluate(
              {
                principal: principal.arn,
                action,
                resource: destination.modelArn,
                context: { ...context, 'bedrock:InferenceProfileArn': routing.profileArn, 'aws:RequestedRegion': destination.requestedRegion },
              },
              { identity: [{ name: 'allow-all', document: ALLOW_ALL }], scps: chains.scps },
            );
            verdicts.push({ principal: principal.arn, action, decision: verdict.decision, reason: verdict.reason });
            if (verdict.decision !== 'Allow')
              reasons.push(
                `${action} (${verdict.decidedBy[0] ? describeMatch(verdict.decidedBy[0]) : verdict.reason.replace(/^Implicitly denied: /, '').replace(/\.$/, '')})`,
              );
          }
          if (reasons.length > 0) deniedTo.push({ name: principal.name, reasons });
        }
        const where = destination.requestedRegion === 'unspecified' ? 'the Region `unspecified` (global routing)' : destination.region;
        const destinationResource = { ...resource, region: destination.region };
        const evidence = { levels: chains.scps.map((level) => level.id), principals: selected.map((principal) => principal.arn), verdicts };
        const names = selected.map((principal) => principal.name).join(', ');
        if (deniedTo.length === 0) {
          findings.push({
            status: 'pass',
            resource: destinationResource,
            message: `The SCPs on the path of ${scope.accountId} allow ${scope.actions.join(', ')} in ${where} for ${profileId} to ${names}.${note ? ` Note: ${note.replace(/; $/, '.')}` : ''}`,
            evidence,
          });
          continue;
        }
        const [first] = deniedTo;
        const others =
          deniedTo.length > 1
            ? ` (also denied to ${deniedTo
                .slice(1)
                .map((entry) => entry.name)
                .join(', ')})`
            : '';
        findings.push({
          status: 'fail',
          resource: destinationResource,
          message: `The SCPs on the path of ${scope.accountId} deny ${where} for ${profileId} to ${first!.name}: ${first!.reasons.join('; ')}${others}.`,
          expected: 'Allow',
          actual: 'Deny',
          evidence,
        });
      }
    }
    return findings;
  },
});
