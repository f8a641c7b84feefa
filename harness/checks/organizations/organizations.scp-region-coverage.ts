import type { FindingDraft } from '../../model/findings.ts';
import { describeMatch, evaluate } from '../../policy/evaluate.ts';
import type { PolicyDocument } from '../../policy/types.ts';
import { defineCheck } from '../define.ts';
import { governanceNeeds, governanceScopeSchema, organizationChains, organizationRequest, routingFor } from '../iam/governance-scope.ts';

/** Grants everything, so that only the SCP chain can deny. */
const ALLOW_ALL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export default defineCheck({
  id: 'organizations.scp-region-coverage',
  title: 'At every level of the account’s OU path the SCPs allow the Bedrock actions in every destination Region of every required profile',
  severity: 'critical',
  rationale:
    'Cross-Region inference runs in destination Regions the caller never named; a Region allow-list SCP that omits one of them (or the literal Region `unspecified` that global profiles use) denies those requests, and every level from the root to the account must allow — a level with FullAWSAccess detached and nothing instead denies everything below it (Amazon Bedrock User Guide on cross-Region inference and SCPs; AWS Organizations, “SCP evaluation”).',
  remediation:
    'Add the destination Regions (and `unspecified` for global profiles) to the aws:RequestedRegion allow-list SCP, or exempt bedrock:InvokeModel* for requests carrying bedrock:InferenceProfileArn; keep an Allow (FullAWSAccess) attached at every level.',
  params: governanceScopeSchema,
  needs: governanceNeeds,
  evaluate(observations, scope) {
    const path = observations.get(organizationRequest(scope));
    const chains = organizationChains(path);
    const resource = { type: 'AWS::Organizations::Account', id: scope.accountId, account: scope.accountId };
    if (chains.note) return [{ status: 'not_applicable', resource, message: `No SCP applies: ${chains.note}.` }];
    const findings: FindingDraft[] = [];
    for (const profileId of scope.inferenceProfileIds) {
      const { routing, note } = routingFor(scope, observations, profileId);
      if (!routing) {
        findings.push({ status: 'error', resource, message: `Cannot judge SCPs for ${profileId}: ${note}.` });
        continue;
      }
      for (const destination of routing.destinations) {
        const denied: string[] = [];
        const verdicts: { action: string; decision: string; reason: string }[] = [];
        for (const action of scope.actions) {
          const verdict = evaluate(
            {
              principal: `arn:aws:iam::${scope.accountId}:role/crisp-scp-probe`,
              action,
              resource: destination.modelArn,
              context: { 'bedrock:InferenceProfileArn': routing.profileArn, 'aws:RequestedRegion': destination.requestedRegion },
            },
            { identity: [{ name: 'allow-all', document: ALLOW_ALL }], scps: chains.scps },
          );
          verdicts.push({ action, decision: verdict.decision, reason: verdict.reason });
          if (verdict.decision !== 'Allow')
            denied.push(
              `${action} (${verdict.decidedBy[0] ? describeMatch(verdict.decidedBy[0]) : verdict.reason.replace(/^Implicitly denied: /, '').replace(/\.$/, '')})`,
            );
        }
        const where = destination.requestedRegion === 'unspecified' ? 'the Region `unspecified` (global routing)' : destination.region;
        const destinationResource = { ...resource, region: destination.region };
        const evidence = { levels: chains.scps.map((level) => level.id), verdicts };
        findings.push(
          denied.length === 0
            ? {
                status: 'pass',
                resource: destinationResource,
                message: `The SCPs on the path of ${scope.accountId} allow ${scope.actions.join(', ')} in ${where} for ${profileId}.${note ? ` Note: ${note.replace(/; $/, '.')}` : ''}`,
                evidence,
              }
            : {
                status: 'fail',
                resource: destinationResource,
                message: `The SCPs on the path of ${scope.accountId} deny ${where} for ${profileId}: ${denied.join('; ')}.`,
                expected: 'Allow',
                actual: 'Deny',
                evidence,
              },
        );
      }
    }
    return findings;
  },
});
