import type { ObservationRequest } from '../../model/observations.ts';
import { defineCheck } from '../define.ts';
import { allowedRegion, residencyLabel, residencyResource, residencyScopeSchema, type ResidencyScope } from './residency-scope.ts';

const eventsRequest = (scope: ResidencyScope): ObservationRequest<'cloudtrail.bedrockEvents'> => ({
  kind: 'cloudtrail.bedrockEvents',
  account: scope.accountId,
  region: scope.sourceRegion,
  args: { lookbackHours: String(scope.lookbackHours) },
});

/** Label for events CloudTrail recorded without additionalEventData.inferenceRegion. */
const UNRECORDED = 'not recorded';

export default defineCheck({
  id: 'residency.inference-regions',
  title: 'Every Bedrock invocation recorded in the source Region over the look-back window ran inside the residency Regions',
  severity: 'critical',
  rationale:
    'CloudTrail records each cross-Region inference call in the source Region with additionalEventData.inferenceRegion, the Region that processed it — the direct evidence of where the data went. One call processed outside the residency Regions breaks the residency claim, whatever the configuration says (Amazon Bedrock User Guide, “Increase throughput with cross-Region inference”, auditing with CloudTrail).',
  remediation:
    'Find the calls by the named Regions (the finding lists counts per Region): use only geographic profiles whose destinations are inside the residency Regions, and deny other profiles and direct model calls in IAM (see iam.profile-only-invocation).',
  params: residencyScopeSchema,
  needs: (scope) => [eventsRequest(scope)],
  evaluate(observations, scope) {
    const history = observations.get(eventsRequest(scope));
    const resource = residencyResource(scope, 'AWS::CloudTrail::EventHistory', `Bedrock invocations in ${scope.sourceRegion}`);
    const window = `${history.start} – ${history.end}`;
    if (history.events.length === 0 && !history.truncated) {
      return [
        {
          status: 'not_applicable',
          resource,
          message: `No Bedrock invocation (InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream) was recorded in ${scope.sourceRegion} for account ${scope.accountId} over ${window}: there is no evidence of where inference ran to judge.`,
        },
      ];
    }
    const counts: Record<string, number> = {};
    for (const event of history.events) {
      const region = event.inferenceRegion ?? UNRECORDED;
      counts[region] = (counts[region] ?? 0) + 1;
    }
    const regions = Object.keys(counts)
      .filter((region) => region !== UNRECORDED)
      .sort();
    const outside = regions.filter((region) => !allowedRegion(scope, region));
    const unrecorded = counts[UNRECORDED] ?? 0;
    // A truncated history still proves the calls it holds: one outside the set fails; only a pass needs the whole window.
    const partly = history.truncated ? ` (only part of the window was read: CloudTrail holds more Bedrock events than crisp reads)` : '';
    const summary = [...regions.map((region) => `${region}: ${counts[region]}`), ...(unrecorded ? [`${UNRECORDED}: ${unrecorded}`] : [])].join(', ');
    const evidence = {
      window: { start: history.start, end: history.end },
      counts,
      // report.html draws it: calls per Region, the Regions outside the set highlighted.
      chart: {
        kind: 'bar',
        title: `Inference Regions of ${history.events.length} Bedrock calls recorded in ${scope.sourceRegion} for account ${scope.accountId}`,
        data: counts,
        highlight: outside,
      },
      ...(outside.length > 0
        ? { outsideEvents: history.events.filter((event) => event.inferenceRegion && outside.includes(event.inferenceRegion)).slice(0, 20) }
        : {}),
      ...(unrecorded ? { unrecordedEvents: history.events.filter((event) => !event.inferenceRegion).slice(0, 20) } : {}),
    };
    if (outside.length > 0) {
      return [
        {
          status: 'fail',
          resource,
          message: `${outside.map((region) => `${counts[region]} call${counts[region]! > 1 ? 's' : ''} ran in ${region}`).join(', ')} — outside the residency Regions (${residencyLabel(scope)}); calls recorded in ${scope.sourceRegion} for account ${scope.accountId}, per Region over ${window}: ${summary}${partly}.`,
          expected: residencyLabel(scope),
          actual: outside.join(', '),
          evidence,
        },
      ];
    }
    // Without the field CloudTrail does not say where a call ran: an in-Region call, unless the source Region itself is outside the set.
    if (unrecorded > 0 && !allowedRegion(scope, scope.sourceRegion)) {
      return [
        {
          status: 'fail',
          resource,
          message: `${unrecorded} call${unrecorded > 1 ? 's' : ''} recorded without additionalEventData.inferenceRegion ran in the source Region ${scope.sourceRegion}, which is outside the residency Regions (${residencyLabel(scope)}); per Region over ${window}: ${summary}${partly}.`,
          expected: residencyLabel(scope),
          actual: scope.sourceRegion,
          evidence,
        },
      ];
    }
    if (history.truncated) {
      return [
        {
          status: 'error',
          resource,
          message: `CloudTrail holds more Bedrock events in ${scope.sourceRegion} over ${window} than crisp reads; ${history.events.length === 0 ? 'none of those read was an invocation' : `the ${history.events.length} invocation${history.events.length === 1 ? '' : 's'} read ran inside the residency Regions (${summary})`}, but that cannot stand for the rest — shorten lookback_hours, or query CloudTrail Lake for the full window.`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        resource,
        message: `All ${history.events.length} Bedrock invocations recorded in ${scope.sourceRegion} over ${window} ran inside the residency Regions: ${summary}.${unrecorded ? ` ${unrecorded} carried no additionalEventData.inferenceRegion (in-Region calls, CloudTrail names no other Region).` : ''}`,
        evidence,
      },
    ];
  },
});
