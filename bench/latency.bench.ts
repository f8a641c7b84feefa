/**
 * Issue 6's figures.
 *  1. Probe overhead: Converse through the SDK, the connect-map handler and the
 *     probe, against a bare HTTP/2 POST to the same stand-in answering after a fixed
 *     delay (no spread), interleaved in one process. Goal: < 1 ms at p50.
 *  2. Detection power: samples per side until the regression test flags a +15%
 *     shift at p50 (in >= 80% of trials), and the false-positive rate on unshifted
 *     runs (goal <= 5%). Draws come from the stand-in's own latency model; part 1
 *     shows the loopback path adds well under a millisecond to them.
 *
 *   node bench/latency.bench.ts [--samples 200] [--trials 40]
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { connect as connectTls } from 'node:tls';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import { ConnectMapHttpHandler } from '../harness/probe/connect-map-handler.ts';
import { probeConverse } from '../harness/probe/converse.ts';
import { detectRegression, quantile } from '../harness/stats/latency-stats.ts';
import { createLabCa } from '../lab/dataplane/ca.ts';
import { ConverseStandIn } from '../lab/dataplane/converse-stand-in.ts';
import { startEndpointServer } from '../lab/dataplane/https-stand-in.ts';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '200' }, trials: { type: 'string', default: '40' } } });
const HOST = 'bedrock-runtime.ap-southeast-2.amazonaws.com';
const PROFILE = 'au.anthropic.claude-sonnet-4-5-20250929-v1:0';
const DELAY_MS = 20;
const median = (samples: number[]) =>
  quantile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );

// 1. Overhead.
const ca = await createLabCa();
const certificate = await ca.issue([HOST]);
const standIn = new ConverseStandIn({ medianMs: { '*': DELAY_MS, 'au.': DELAY_MS }, sigma: 0 });
const server = await startEndpointServer(new Map([[HOST, certificate]]), certificate, standIn);
const handler = new ConnectMapHttpHandler({ connect: { [`${HOST}:443`]: `127.0.0.1:${server.port}` }, connectOnly: true, ca: ca.caPem, timeoutMs: 10_000 });
const client = new BedrockRuntimeClient({
  region: 'ap-southeast-2',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  requestHandler: handler as never,
  maxAttempts: 1,
});
// The bare baseline dials loopback itself: no name lookup, no other address.
const bare = new Client(`https://${HOST}`, {
  allowH2: true,
  connect: (_options, callback) => {
    const socket = connectTls({ host: '127.0.0.1', port: server.port, servername: HOST, ca: ca.caPem, ALPNProtocols: ['h2'] });
    socket.once('secureConnect', () => callback(null, socket));
    socket.once('error', (error) => callback(error, null));
  },
});
const body = JSON.stringify({
  messages: [{ role: 'user', content: [{ text: 'Reply with the single word: ok.' }] }],
  inferenceConfig: { maxTokens: 32, temperature: 0 },
});
const bareCall = async () => {
  const started = performance.now();
  const response = await bare.request({
    method: 'POST',
    path: `/model/${encodeURIComponent(PROFILE)}/converse`,
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.body.text();
  return performance.now() - started;
};
const probeCalls = async (count: number) => {
  const transcript = await probeConverse(client, handler, HOST, {
    profileId: PROFILE,
    api: 'converse',
    samples: count,
    warmup: 0,
    pacingMs: 0,
    concurrency: 1,
    maxTokens: 32,
  });
  return transcript.samples.map((sample) => sample.latencyMs!);
};
await probeCalls(10);
for (let index = 0; index < 10; index += 1) await bareCall();
const probe: number[] = [];
const baseline: number[] = [];
const rounds = Number(values.samples);
for (let index = 0; index < rounds; index += 1) {
  if (index % 2 === 0) {
    probe.push(...(await probeCalls(1)));
    baseline.push(await bareCall());
  } else {
    baseline.push(await bareCall());
    probe.push(...(await probeCalls(1)));
  }
}
await bare.close();
handler.destroy();
await server.stop();
const overhead = median(probe) - median(baseline);
console.log(`1. probe overhead at a fixed ${DELAY_MS} ms delay (${rounds} interleaved pairs, HTTP/2 both):`);
console.log(
  `   probe p50 ${median(probe).toFixed(3)} ms, bare undici p50 ${median(baseline).toFixed(3)} ms, ratio ${(median(probe) / median(baseline)).toFixed(4)}, overhead ${overhead.toFixed(3)} ms — ${overhead < 1 ? 'within' : 'OVER'} the goal (< 1 ms)`,
);

// 2. Detection power and false positives, from the stand-in's latency model (AU: median 60 ms, sigma 0.15).
const trials = Number(values.trials);
const draw = (shift: number, seed: number, count: number) => {
  const model = new ConverseStandIn({ shift, seed });
  return Array.from({ length: count }, () => model.latencyFor(PROFILE));
};
console.log(`2. regression test (tolerance 10%, alpha 0.01) against a +15% shift at p50, ${trials} trials per size:`);
let needed: number | undefined;
let falsePositives = 0;
let unshiftedRuns = 0;
for (const size of [20, 40, 80, 160, 320, 640]) {
  let flagged = 0;
  let flaggedUnshifted = 0;
  for (let trial = 0; trial < trials; trial += 1) {
    const base = draw(1, 1_000 + trial, size);
    if (detectRegression(base, draw(1.15, 5_000 + trial, size), { seed: trial }).regressed) flagged += 1;
    if (detectRegression(base, draw(1, 9_000 + trial, size), { seed: trial }).regressed) flaggedUnshifted += 1;
  }
  falsePositives += flaggedUnshifted;
  unshiftedRuns += trials;
  if (needed === undefined && flagged / trials >= 0.8) needed = size;
  console.log(
    `   n=${String(size).padStart(3)} per side: shifted flagged ${String(Math.round((flagged / trials) * 100)).padStart(3)}%, unshifted flagged ${Math.round((flaggedUnshifted / trials) * 100)}%`,
  );
}
const rate = falsePositives / unshiftedRuns;
console.log(`   samples needed to flag +15% in >= 80% of trials: ${needed ?? '> 640'} per side`);
console.log(
  `   false-positive rate on unshifted runs: ${(rate * 100).toFixed(1)}% (${falsePositives}/${unshiftedRuns}) — ${rate <= 0.05 ? 'within' : 'OVER'} the goal (<= 5%)`,
);
process.exitCode = overhead < 1 && rate <= 0.05 ? 0 : 1;
