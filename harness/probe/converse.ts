/**
 * The latency probe: Converse or ConverseStream through the real
 * @aws-sdk/client-bedrock-runtime, taking the same DNS and connect path as the
 * other probes. Per sample: end-to-end latency, time to first token (stream),
 * output tokens per second, the server's metrics.latencyMs and token usage.
 * Throttles and errors are counted apart and never mixed into latencies;
 * warm-up samples are discarded; the prompt and max tokens are fixed.
 */
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { PROBE_PROMPT, type ConverseSample, type ConverseTranscript } from '../model/observations.ts';
import type { ConnectMapHttpHandler, WireTiming } from './connect-map-handler.ts';

export interface ConversePlan {
  profileId: string;
  api: 'converse' | 'converse-stream';
  samples: number;
  warmup: number;
  /** Minimum gap between request starts. */
  pacingMs: number;
  concurrency: number;
  maxTokens: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Latency on the wire when crisp's handler stamped it (dispatch to last byte), else as
 * the SDK caller saw it. The SDK's own work (signing, parsing) is kept apart in clientLatencyMs.
 */
function wireLatency(timing: WireTiming, started: number, ended: number): number {
  // A stream's end stamp can land just after the SDK's iterator finishes; then the iterator's end is the end.
  return (timing.endedAt ?? ended) - (timing.startedAt ?? started);
}

async function oneCall(client: BedrockRuntimeClient, plan: ConversePlan): Promise<ConverseSample> {
  const input = {
    modelId: plan.profileId,
    messages: [{ role: 'user' as const, content: [{ text: PROBE_PROMPT }] }],
    inferenceConfig: { maxTokens: plan.maxTokens, temperature: 0 },
  };
  const timing: WireTiming = {};
  const handlerOptions = { crispTiming: timing } as never;
  const started = performance.now();
  try {
    if (plan.api === 'converse') {
      const output = await client.send(new ConverseCommand(input), handlerOptions);
      const clientLatencyMs = performance.now() - started;
      const latencyMs = wireLatency(timing, started, performance.now());
      const outputTokens = output.usage?.outputTokens;
      return {
        outcome: 'ok',
        latencyMs,
        clientLatencyMs,
        serverLatencyMs: output.metrics?.latencyMs,
        inputTokens: output.usage?.inputTokens,
        outputTokens,
        ...(outputTokens ? { outputTokensPerSecond: outputTokens / (latencyMs / 1000) } : {}),
      };
    }
    const output = await client.send(new ConverseStreamCommand(input), handlerOptions);
    let ttftMs: number | undefined;
    let usage: { inputTokens?: number; outputTokens?: number } | undefined;
    let serverLatencyMs: number | undefined;
    for await (const event of output.stream ?? []) {
      if (event.contentBlockDelta && ttftMs === undefined) ttftMs = performance.now() - (timing.startedAt ?? started);
      if (event.metadata) {
        usage = event.metadata.usage;
        serverLatencyMs = event.metadata.metrics?.latencyMs;
      }
    }
    const clientLatencyMs = performance.now() - started;
    const latencyMs = wireLatency(timing, started, performance.now());
    const generating = ttftMs === undefined ? latencyMs : latencyMs - ttftMs;
    return {
      outcome: 'ok',
      latencyMs,
      clientLatencyMs,
      ...(ttftMs !== undefined ? { ttftMs } : {}),
      serverLatencyMs,
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      ...(usage?.outputTokens && generating > 0 ? { outputTokensPerSecond: usage.outputTokens / (generating / 1000) } : {}),
    };
  } catch (error) {
    const name = (error as Error).name;
    const throttled =
      name === 'ThrottlingException' ||
      name === 'ServiceQuotaExceededException' ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 429;
    return { outcome: throttled ? 'throttled' : 'error', error: `${name}: ${(error as Error).message}` };
  }
}

/** Runs the plan: warm-up first (discarded), then the samples, paced and bounded in concurrency. */
export async function probeConverse(
  client: BedrockRuntimeClient,
  handler: ConnectMapHttpHandler | undefined,
  endpoint: string,
  plan: ConversePlan,
): Promise<ConverseTranscript> {
  for (let index = 0; index < plan.warmup; index += 1) await oneCall(client, plan);
  const samples: ConverseSample[] = new Array(plan.samples);
  let next = 0;
  let lastStart = 0;
  const worker = async () => {
    while (next < plan.samples) {
      const index = next++;
      const wait = lastStart + plan.pacingMs - performance.now();
      lastStart = Math.max(performance.now(), lastStart + plan.pacingMs);
      if (wait > 0) await sleep(wait);
      samples[index] = await oneCall(client, plan);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.concurrency, plan.samples)) }, worker));
  return {
    profileId: plan.profileId,
    api: plan.api,
    endpoint,
    protocols: handler ? [...new Set(handler.protocols)] : ['h2 (SDK default handler)'],
    connections: handler?.connections ?? 0,
    connectionReuse: handler
      ? `one connection per address kept open across all ${plan.warmup + plan.samples} calls (${handler.connections} opened)`
      : 'the SDK default HTTP/2 session pool',
    warmupDiscarded: plan.warmup,
    samples,
    throttled: samples.filter((sample) => sample.outcome === 'throttled').length,
    errors: samples.filter((sample) => sample.outcome === 'error').length,
  };
}
