/**
 * Feeds the lab's CloudTrail: every call the Bedrock runtime stand-in answers
 * becomes an event in the caller's source Region, with
 * additionalEventData.inferenceRegion drawn in turn from the profile's
 * destinations (as Bedrock spreads a profile's traffic), unless a fault sends
 * one call elsewhere.
 */
import type { RuntimeCall } from '../dataplane/converse-stand-in.ts';
import { callerScopeOf } from './caller-scope.ts';
import type { InferenceEventLog } from './inference-events.ts';
import type { RoutingFacts } from './routing-facts.ts';

/** A call (1-based, counted over every call the stand-in answers) recorded as run in another Region. */
export interface StrayInference {
  call: number;
  region: string;
}

/** The hook to install as the runtime stand-in's `onInvocation`. */
export function runtimeRecorder(events: InferenceEventLog, routing: RoutingFacts, stray?: StrayInference): (call: RuntimeCall) => void {
  let calls = 0;
  const turns = new Map<string, number>();
  return (call) => {
    calls += 1;
    const { account, region } = callerScopeOf(call.headers);
    // Region-less destinations are where global routing may go, never a place inference is reported to run.
    const destinations = (routing.destinationsOf(call.modelId, region) ?? [region]).filter(Boolean);
    const turn = turns.get(call.modelId) ?? 0;
    turns.set(call.modelId, turn + 1);
    const inferenceRegion = stray?.call === calls ? stray.region : destinations[turn % destinations.length]!;
    events.record({
      account,
      sourceRegion: region,
      eventName: call.operation === 'converse' ? 'Converse' : 'ConverseStream',
      modelId: call.modelId,
      inferenceRegion,
    });
  };
}
