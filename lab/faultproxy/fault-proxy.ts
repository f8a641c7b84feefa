/**
 * A fault-injecting HTTP proxy on loopback, in front of moto (or any loopback emulator
 * or stand-in): each request is matched against the rules in order — by operation
 * (X-Amz-Target, the `Action=` form field), REST path, service, account or Region — and
 * counted per rule (after N, the first N, every N-th, or with a seeded probability).
 * A firing rule throttles or fails the call in its protocol's own error shape, resets
 * the connection, cuts the answer's body short, slows the answer, or runs a hook (the
 * tests' way to kill the emulator at an exact call). Everything else goes to the
 * upstream unchanged through {@link MotoForwarder}.
 *
 * When the upstream does not answer (the emulator was killed), the proxy resets the
 * client's connection, so crisp sees what it would see without the proxy: a transport
 * failure, never a made-up answer.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { seededRandom } from '../../harness/stats/latency-stats.ts';
import { MotoForwarder } from '../controlplane/moto-forwarder.ts';
import { serveOnLoopback, type LoopbackServer } from '../controlplane/loopback-server.ts';
import { errorAnswer, internalErrorFor, throttleFor } from './error-shapes.ts';
import { identifyCall, type WireCall, type WireProtocol } from './wire-call.ts';

/** Which calls a rule applies to: every field given must hold. */
export interface CallMatch {
  /** SigV4 signing name: `ec2`, `iam`, `route53`, `dynamodb`… */
  service?: string;
  /** The operation (JSON and query protocols): an exact name or a pattern. */
  operation?: string | RegExp;
  /** The request path (REST protocols): a string matches as a prefix. */
  path?: string | RegExp;
  method?: string;
  account?: string;
  region?: string;
  protocol?: WireProtocol;
  /** Any other condition on the call. */
  where?: (call: WireCall) => boolean;
}

/**
 * When a matching call is faulted, counting the rule's matching calls from 1: skip the
 * first `after`, then fault every `every`-th (default: each), each with `probability`
 * (seeded: the same seed faults the same calls in the same order), at most `first` times.
 */
export interface FaultWhen {
  after?: number;
  first?: number;
  every?: number;
  probability?: number;
}

/** What a firing rule does. `delay` and `hook` then carry on (to later rules and the upstream); the rest answer. */
export type Fault =
  /** The protocol's throttling error (see error-shapes.ts); status and code may be forced, e.g. 503 RequestLimitExceeded. */
  | { kind: 'throttle'; status?: number; code?: string; message?: string }
  /** An error in the protocol's shape; the code defaults to the protocol's internal error. */
  | { kind: 'error'; status: number; code?: string; message?: string }
  /** A TCP reset instead of an answer. */
  | { kind: 'reset' }
  /** The upstream's answer with its status, headers and Content-Length, but only `keep` (default 0.5) of the body, then the connection closes. */
  | { kind: 'truncate'; keep?: number }
  /** A slow answer: waits `ms`, then carries on. */
  | { kind: 'delay'; ms: number }
  /** Runs `run` (e.g. kill the emulator), then carries on. */
  | { kind: 'hook'; run: (call: WireCall) => void | Promise<void> };

export interface FaultRule {
  /** For the log; defaults to the fault's kind. */
  name?: string;
  match?: CallMatch;
  when?: FaultWhen;
  fault: Fault;
}

/** One call the proxy handled. */
export interface ProxiedCall {
  call: WireCall;
  /** The rules that fired, by name, in order. */
  faults: string[];
  /** How the call ended. */
  outcome: 'forwarded' | 'answered' | 'reset' | 'truncated' | 'upstream-down';
}

export interface FaultProxyOptions {
  /**
   * The emulator (or stand-in) on loopback that everything is forwarded to; when not known
   * yet (a lab the CLI starts), calls wait until {@link FaultProxy.setUpstream} names it.
   */
  upstream?: string;
  rules?: FaultRule[];
  /** A delay before every call (a typical AWS API round trip is ~40 ms); 0 = none. */
  latencyMs?: number;
  /** Seed of the probability rules. */
  seed?: number;
}

export interface FaultProxy extends LoopbackServer {
  /** Every call handled, in arrival order. */
  readonly calls: readonly ProxiedCall[];
  /** Replaces the rules; their counts start again from zero. */
  setRules(rules: readonly FaultRule[]): void;
  /** Changes the per-call latency. */
  setLatency(ms: number): void;
  /** Forwards to another upstream from now on (it must be on loopback). */
  setUpstream(endpoint: string): void;
}

interface ArmedRule {
  rule: FaultRule;
  name: string;
  matched: number;
  fired: number;
  random: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the call is one the rule's match selects. */
export function matchesCall(match: CallMatch | undefined, call: WireCall): boolean {
  if (!match) return true;
  const fits = (pattern: string | RegExp | undefined, value: string | undefined, prefix = false) =>
    pattern === undefined ||
    (value !== undefined && (typeof pattern === 'string' ? (prefix ? value.startsWith(pattern) : value === pattern) : pattern.test(value)));
  return (
    fits(match.service, call.service) &&
    fits(match.operation, call.operation) &&
    fits(match.path, call.path, true) &&
    fits(match.method, call.method) &&
    fits(match.account, call.account) &&
    fits(match.region, call.region) &&
    fits(match.protocol, call.protocol) &&
    (match.where?.(call) ?? true)
  );
}

/** Counts one matching call against the rule and says whether it fires. */
function fires(armed: ArmedRule): boolean {
  armed.matched += 1;
  const { after = 0, first, every = 1, probability } = armed.rule.when ?? {};
  const index = armed.matched - after;
  if (index < 1 || index % every !== 0) return false;
  if (first !== undefined && armed.fired >= first) return false;
  if (probability !== undefined && armed.random() >= probability) return false;
  armed.fired += 1;
  return true;
}

function arm(rules: readonly FaultRule[], seed: number): ArmedRule[] {
  return rules.map((rule, index) => ({ rule, name: rule.name ?? rule.fault.kind, matched: 0, fired: 0, random: seededRandom(seed + index * 7919) }));
}

/**
 * A response stand-in for MotoForwarder.forward: relays the upstream's answer to the
 * client, cut short after `keep` of the body when truncating; holds a 502 (the forwarder's
 * own answer when the upstream cannot be reached) for the proxy to decide on.
 */
class ResponseTap extends Writable {
  readonly #target: ServerResponse;
  readonly #keep: number | undefined;
  #budget: number | undefined;
  #sent = 0;
  cut = false;
  held: { status: number; headers: OutgoingHttpHeaders; chunks: Buffer[] } | undefined;

  constructor(target: ServerResponse, keep?: number) {
    super();
    this.#target = target;
    this.#keep = keep;
  }

  writeHead(status: number, messageOrHeaders?: string | OutgoingHttpHeaders, maybeHeaders?: OutgoingHttpHeaders): this {
    const [message, headers] = typeof messageOrHeaders === 'string' ? [messageOrHeaders, maybeHeaders ?? {}] : [undefined, messageOrHeaders ?? {}];
    if (status === 502) {
      this.held = { status, headers, chunks: [] };
      return this;
    }
    if (message === undefined) this.#target.writeHead(status, headers);
    else this.#target.writeHead(status, message, headers);
    if (this.#keep !== undefined) {
      const length = Number(headers['content-length']);
      if (Number.isFinite(length)) this.#budget = Math.floor(length * this.#keep);
    }
    return this;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.held) {
      this.held.chunks.push(chunk);
      return callback();
    }
    if (this.cut) return callback();
    if (this.#keep === undefined) return void this.#target.write(chunk, () => callback());
    this.#budget ??= Math.floor(chunk.length * this.#keep);
    const room = this.#budget - this.#sent;
    if (chunk.length < room) {
      this.#sent += chunk.length;
      return void this.#target.write(chunk, () => callback());
    }
    // Closed once the part is flushed, and only then is the stream told the chunk is done (so _final never cuts first).
    this.#target.write(chunk.subarray(0, Math.max(0, room)), () => {
      this.#cut();
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.held) return callback();
    // A truncated answer never completes, whatever its length.
    if (this.#keep !== undefined) {
      this.#cut();
      return callback();
    }
    this.#target.end(() => callback());
  }

  #cut(): void {
    if (this.cut) return;
    this.cut = true;
    // Closed, not reset: a reset could discard the part already sent before the client reads it.
    const socket = this.#target.socket;
    if (socket && !socket.destroyed) socket.destroy();
  }
}

function resetConnection(response: ServerResponse): void {
  const socket = response.socket;
  if (socket && !socket.destroyed) socket.resetAndDestroy();
}

/** True when a TCP connection to the upstream is accepted within a second. */
function upstreamListening(endpoint: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.hostname, port: Number(endpoint.port), timeout: 1_000 });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** Starts the proxy on 127.0.0.1 (port chosen by the OS); the upstream must be on loopback (MotoForwarder refuses any other). */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let upstream: { forwarder: MotoForwarder; url: URL } | undefined;
  let named: () => void = () => {};
  const upstreamNamed = new Promise<void>((resolve) => (named = resolve));
  const setUpstream = (endpoint: string) => {
    const forwarder = new MotoForwarder(endpoint);
    upstream?.forwarder.close();
    upstream = { forwarder, url: new URL(endpoint) };
    named();
  };
  if (options.upstream) setUpstream(options.upstream);
  const seed = options.seed ?? 1;
  let rules = arm(options.rules ?? [], seed);
  let latencyMs = options.latencyMs ?? 0;
  const calls: ProxiedCall[] = [];

  const server = await serveOnLoopback(
    async (request, body, response) => {
      const call = identifyCall(request.method ?? 'GET', request.url ?? '/', request.headers, body);
      const entry: ProxiedCall = { call, faults: [], outcome: 'forwarded' };
      calls.push(entry);
      if (latencyMs > 0) await sleep(latencyMs);
      let keep: number | undefined;
      for (const armed of rules) {
        if (!matchesCall(armed.rule.match, call) || !fires(armed)) continue;
        const { fault } = armed.rule;
        entry.faults.push(armed.name);
        if (fault.kind === 'delay') {
          await sleep(fault.ms);
          continue;
        }
        if (fault.kind === 'hook') {
          await fault.run(call);
          continue;
        }
        if (fault.kind === 'reset') {
          entry.outcome = 'reset';
          return resetConnection(response);
        }
        if (fault.kind === 'truncate') {
          keep = Math.min(Math.max(fault.keep ?? 0.5, 0), 0.99);
          break;
        }
        const base = fault.kind === 'throttle' ? throttleFor(call) : internalErrorFor(call, fault.status);
        const answer = errorAnswer(call, {
          status: fault.status ?? base.status,
          code: fault.code ?? base.code,
          message: fault.message ?? base.message,
        });
        entry.outcome = 'answered';
        response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        response.end(answer.body);
        return;
      }
      if (!upstream) await upstreamNamed;
      const { forwarder, url } = upstream!;
      const tap = new ResponseTap(response, keep);
      await forwarder.forward(request, body, tap as unknown as ServerResponse);
      if (!tap.writableFinished) await finished(tap).catch(() => undefined);
      if (tap.cut) entry.outcome = 'truncated';
      if (!tap.held) return;
      // The forwarder answers 502 only when the upstream did not answer: mirror a dead emulator.
      if (!(await upstreamListening(url))) {
        entry.outcome = 'upstream-down';
        return resetConnection(response);
      }
      response.writeHead(tap.held.status, tap.held.headers);
      response.end(Buffer.concat(tap.held.chunks));
    },
    () => upstream?.forwarder.close(),
  );

  return {
    endpoint: server.endpoint,
    stop: server.stop,
    calls,
    setRules: (next) => {
      rules = arm(next, seed);
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setUpstream,
  };
}

export { describeCall, identifyCall, type WireCall, type WireProtocol } from './wire-call.ts';
