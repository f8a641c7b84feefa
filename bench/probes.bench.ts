/**
 * Issue 3's figures: the probes' timing overhead on loopback stand-ins, each
 * against a bare baseline in the same process, interleaved so drift hits both.
 *  - TLS: the handshake time the probe reports vs a bare node:tls connect to secureConnect.
 *  - DNS: one A query through the probe vs node:dns's Resolver (c-ares), wall time.
 * Goal: overhead under 5% and under 1 ms at the median.
 *
 *   node bench/probes.bench.ts [--samples N]
 */
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:tls';
import { parseArgs } from 'node:util';
import { parseHostPort } from '../harness/probe/address.ts';
import { resolveType } from '../harness/probe/dns.ts';
import { probeTls } from '../harness/probe/tls.ts';
import { createLabCa } from '../lab/dataplane/ca.ts';
import { startDnsStandIn } from '../lab/dataplane/dns-stand-in.ts';
import { startEndpointServer } from '../lab/dataplane/https-stand-in.ts';
import { publicBedrockAnswers } from '../lab/dataplane/resolver-view.ts';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '300' } } });
const SAMPLES = Number(values.samples);
const WARMUP = 20;
const HOST = 'bedrock-runtime.ap-southeast-2.amazonaws.com';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function report(name: string, baselineName: string, probe: number[], baseline: number[]): boolean {
  const p = median(probe);
  const b = median(baseline);
  const overhead = p - b;
  const ok = overhead < 1 && overhead / b < 0.05;
  console.log(
    `${name}: probe median ${p.toFixed(3)} ms, ${baselineName} median ${b.toFixed(3)} ms, ratio ${(p / b).toFixed(3)}, overhead ${overhead.toFixed(3)} ms (${((overhead / b) * 100).toFixed(1)}%) — ${ok ? 'within' : 'OVER'} the goal (< 5% and < 1 ms)`,
  );
  return ok;
}

/** Runs both measurements alternately; drops the warm-up samples. */
async function interleave(probe: () => Promise<number>, baseline: () => Promise<number>): Promise<[number[], number[]]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let index = 0; index < SAMPLES + WARMUP; index += 1) {
    const first = index % 2 === 0;
    const x = first ? await probe() : await baseline();
    const y = first ? await baseline() : await probe();
    if (index < WARMUP) continue;
    a.push(first ? x : y);
    b.push(first ? y : x);
  }
  return [a, b];
}

const ca = await createLabCa();
const certificate = await ca.issue([HOST]);
const https = await startEndpointServer(new Map([[HOST, certificate]]), certificate);
const dns = await startDnsStandIn({
  zones: [
    {
      name: `${HOST}.`,
      records: [{ Name: `${HOST}.`, Type: 'A', AliasTarget: { DNSName: 'vpce-1-a.example', HostedZoneId: 'Z', EvaluateTargetHealth: false } }],
    },
  ],
  aliasTargets: new Map([['vpce-1-a.example', ['10.1.0.10', '10.1.16.10']]]),
  publicAnswers: publicBedrockAnswers('ap-southeast-2', []),
});
let allOk = true;
try {
  const dial = { host: '127.0.0.1', port: https.port };
  const bareHandshake = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const socket = connect({ ...dial, servername: HOST, ca: ca.caPem, ALPNProtocols: ['http/1.1'] }, () => {
        const elapsed = performance.now() - started;
        socket.destroy();
        resolve(elapsed);
      });
      socket.once('error', reject);
    });
  const probeHandshake = async () => {
    const transcript = await probeTls('10.1.0.10:443', dial, HOST, { ca: ca.caPem, timeoutMs: 5_000 });
    if (transcript.stage !== 'done') throw new Error(`probe failed: ${transcript.error}`);
    return transcript.timings!.handshakeMs!;
  };
  const [tlsProbe, tlsBare] = await interleave(probeHandshake, bareHandshake);
  allOk = report('TLS handshake (connect → secureConnect)', 'bare node:tls', tlsProbe, tlsBare) && allOk;

  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([dns.address]);
  const server = parseHostPort(dns.address);
  const bareQuery = async () => {
    const started = performance.now();
    await resolver.resolve4(HOST);
    return performance.now() - started;
  };
  const probeQuery = async () => {
    const started = performance.now();
    const set = await resolveType(server, HOST, 'A');
    if (set.answers.length !== 2) throw new Error('probe got a wrong answer');
    return performance.now() - started;
  };
  const [dnsProbe, dnsBare] = await interleave(probeQuery, bareQuery);
  allOk = report('DNS A query (wall time)', 'node:dns Resolver', dnsProbe, dnsBare) && allOk;
  console.log(`samples: ${SAMPLES} each after ${WARMUP} warm-up pairs, interleaved`);
} finally {
  await https.stop();
  await dns.stop();
}
process.exitCode = allOk ? 0 : 1;
