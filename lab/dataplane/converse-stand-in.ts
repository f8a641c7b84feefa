/**
 * A Bedrock runtime stand-in that speaks the real Converse and ConverseStream
 * wire protocol, so the real @aws-sdk/client-bedrock-runtime talks to it:
 * POST /model/{modelId}/converse answers REST-JSON; /converse-stream answers
 * application/vnd.amazon.eventstream frames (messageStart, contentBlockDelta…,
 * contentBlockStop, messageStop, metadata). Latency is drawn per profile from
 * a seeded log-normal distribution (au.* and global.* differ); a shift knob
 * slows everything, a throttling mode answers 429 ThrottlingException, an error
 * mode 500 InternalServerException.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { seededRandom } from '../../harness/stats/latency-stats.ts';

export interface ConverseStandInSettings {
  /** Median end-to-end latency in ms by profile prefix (`au.`, `global.`); `*` for the rest. */
  medianMs: Record<string, number>;
  /** Spread of the log-normal (its sigma). */
  sigma: number;
  /** Multiplies every latency (1 = none): the regression knob. */
  shift: number;
  /** Answer every n-th request with 429 ThrottlingException (0 = never). */
  throttleEvery: number;
  /** Answer every n-th request with 500 InternalServerException (0 = never). */
  errorEvery: number;
  /** Output tokens per answer. */
  outputTokens: number;
  /** Fraction of the latency before the first token of a stream. */
  firstTokenShare: number;
  seed: number;
}

export const DEFAULT_CONVERSE_SETTINGS: ConverseStandInSettings = {
  medianMs: { 'au.': 60, 'global.': 35, '*': 45 },
  sigma: 0.15,
  shift: 1,
  throttleEvery: 0,
  errorEvery: 0,
  outputTokens: 12,
  firstTokenShare: 0.4,
  seed: 20261121,
};

interface Writable {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array | string): unknown;
  end(chunk?: string): unknown;
}

interface Readable {
  url?: string;
  method?: string;
  headers: IncomingHttpHeaders;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One event-stream frame carrying a JSON event. */
function frame(eventType: string, body: unknown): Uint8Array {
  const message: Message = {
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8')),
  };
  return codec.encode(message);
}

/** One call the stand-in answered, as CloudTrail would see it (the lab records it as an event). */
export interface RuntimeCall {
  /** The profile id or model id (or ARN) of the path, URL-decoded. */
  modelId: string;
  operation: 'converse' | 'converse-stream';
  headers: IncomingHttpHeaders;
}

/** The stand-in; `handle` returns false for requests that are not Converse calls. */
export class ConverseStandIn {
  settings: ConverseStandInSettings;
  /** Called for every call answered successfully (the lab's CloudTrail feed). */
  onInvocation?: (call: RuntimeCall) => void;
  /** Requests answered, by outcome (for tests). */
  readonly counts = { ok: 0, throttled: 0, errors: 0 };
  #requests = 0;
  #random: () => number;

  constructor(settings: Partial<ConverseStandInSettings> = {}) {
    this.settings = { ...DEFAULT_CONVERSE_SETTINGS, ...settings };
    this.#random = seededRandom(this.settings.seed);
  }

  /** Changes settings in place (tests shift the distribution between runs). */
  configure(settings: Partial<ConverseStandInSettings>): void {
    this.settings = { ...this.settings, ...settings };
    if (settings.seed !== undefined) this.#random = seededRandom(settings.seed);
  }

  /** Draws one latency for a model id (profile id or ARN). */
  latencyFor(modelId: string): number {
    const id = decodeURIComponent(modelId).split('/').pop() ?? modelId;
    const prefix = Object.keys(this.settings.medianMs).find((candidate) => candidate !== '*' && id.startsWith(candidate)) ?? '*';
    const median = this.settings.medianMs[prefix]!;
    const u = Math.max(this.#random(), 1e-12);
    const v = this.#random();
    return median * this.settings.shift * Math.exp(this.settings.sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  handle(request: Readable, response: Writable): boolean {
    const match = /^\/model\/([^/]+)\/(converse|converse-stream)(\?|$)/.exec(request.url ?? '');
    if (!match || request.method !== 'POST') return false;
    const [, modelId, operation] = match as unknown as [string, string, string];
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => void this.#answer(modelId, operation, Buffer.concat(chunks).toString('utf8'), response, request.headers));
    return true;
  }

  async #answer(modelId: string, operation: string, body: string, response: Writable, headers: IncomingHttpHeaders): Promise<void> {
    this.#requests += 1;
    const { throttleEvery, errorEvery, outputTokens, firstTokenShare } = this.settings;
    if (throttleEvery > 0 && this.#requests % throttleEvery === 0) {
      this.counts.throttled += 1;
      response.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' });
      response.end(JSON.stringify({ message: 'Too many requests, please wait before trying again.' }));
      return;
    }
    if (errorEvery > 0 && this.#requests % errorEvery === 0) {
      this.counts.errors += 1;
      response.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' });
      response.end(JSON.stringify({ message: 'The server encountered an internal error.' }));
      return;
    }
    let inputTokens = 8;
    try {
      const parsed = JSON.parse(body || '{}') as { messages?: { content?: { text?: string }[] }[] };
      const text = (parsed.messages ?? [])
        .flatMap((message) => message.content ?? [])
        .map((block) => block.text ?? '')
        .join(' ');
      inputTokens = Math.max(1, Math.ceil(text.length / 4));
    } catch {
      // a malformed body still gets an answer; the SDK never sends one
    }
    const latency = this.latencyFor(modelId);
    const usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    const metrics = { latencyMs: Math.round(latency) };
    this.counts.ok += 1;
    this.onInvocation?.({ modelId: decodeURIComponent(modelId), operation: operation as RuntimeCall['operation'], headers });
    if (operation === 'converse') {
      await sleep(latency);
      response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': `crisp-${this.#requests}` });
      response.end(
        JSON.stringify({
          output: { message: { role: 'assistant', content: [{ text: 'ok '.repeat(outputTokens).trim() }] } },
          stopReason: 'end_turn',
          usage,
          metrics,
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': `crisp-${this.#requests}` });
    // Tokens are scheduled against absolute deadlines: Node truncates fractional timer delays,
    // so sleeping per step would deliver less latency than drawn (and than metrics.latencyMs says).
    const started = performance.now();
    const until = (offset: number) => sleep(Math.max(0, started + offset - performance.now()));
    await until(latency * firstTokenShare);
    response.write(frame('messageStart', { role: 'assistant' }));
    const step = (latency * (1 - firstTokenShare)) / outputTokens;
    for (let index = 0; index < outputTokens; index += 1) {
      response.write(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'ok ' } }));
      await until(latency * firstTokenShare + (index + 1) * step);
    }
    response.write(frame('contentBlockStop', { contentBlockIndex: 0 }));
    response.write(frame('messageStop', { stopReason: 'end_turn' }));
    response.write(frame('metadata', { usage, metrics }));
    response.end();
  }
}
