/**
 * DNS probe: asks one resolver for A and AAAA over UDP, falls back to TCP when
 * the answer is truncated, and keeps every attempt. A timeout after the last
 * retry is recorded as the set's `error`; NXDOMAIN or SERVFAIL are answers (data).
 */
import { createSocket } from 'node:dgram';
import { connect as connectTcp } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DnsAnswerSet, DnsAttempt, DnsTranscript } from '../model/observations.ts';
import type { HostPort } from './address.ts';

export interface DnsProbeOptions {
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts over UDP before giving up. */
  attempts: number;
}

export const DEFAULT_DNS_OPTIONS: DnsProbeOptions = { timeoutMs: 2_000, attempts: 3 };

type Question = 'A' | 'AAAA';

function query(hostname: string, type: Question): { id: number; bytes: Buffer } {
  const id = Math.floor(Math.random() * 65_535);
  return { id, bytes: dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name: hostname }] }) };
}

/** One UDP exchange; resolves with the decoded packet or rejects on timeout or error. */
function exchangeUdp(resolver: HostPort, hostname: string, type: Question, timeoutMs: number): Promise<dnsPacket.Packet> {
  const { id, bytes } = query(hostname, type);
  const socket = createSocket(resolver.host.includes(':') ? 'udp6' : 'udp4');
  return new Promise<dnsPacket.Packet>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', reject);
    socket.on('message', (message) => {
      const packet = dnsPacket.decode(message);
      if (packet.id !== id) return; // a stray or late answer
      clearTimeout(timer);
      resolve(packet);
    });
    socket.send(bytes, resolver.port, resolver.host);
  }).finally(() => socket.close());
}

/** True when `buffer` holds a whole length-prefixed DNS message, as DNS over TCP frames them. */
export function holdsTcpMessage(buffer: Buffer): boolean {
  return buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0);
}

/** One TCP exchange (length-prefixed), used when UDP came back truncated. */
function exchangeTcp(resolver: HostPort, hostname: string, type: Question, timeoutMs: number): Promise<dnsPacket.Packet> {
  const { id } = query(hostname, type);
  const bytes = dnsPacket.streamEncode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name: hostname }] });
  return new Promise<dnsPacket.Packet>((resolve, reject) => {
    const socket = connectTcp({ host: resolver.host, port: resolver.port });
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (holdsTcpMessage(buffer)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(dnsPacket.streamDecode(buffer));
      }
    });
  });
}

function answerData(answer: dnsPacket.Answer): string {
  const data = (answer as { data?: unknown }).data;
  return typeof data === 'string' ? data : JSON.stringify(data);
}

function toSet(type: Question, packet: dnsPacket.Packet, attempts: DnsAttempt[]): DnsAnswerSet {
  const flags = packet.flags ?? 0;
  return {
    type,
    rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR',
    authoritative: (flags & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    truncated: (flags & dnsPacket.TRUNCATED_RESPONSE) !== 0,
    answers: (packet.answers ?? []).map((answer) => ({
      name: answer.name,
      type: answer.type,
      ttl: (answer as { ttl?: number }).ttl ?? 0,
      data: answerData(answer),
    })),
    attempts,
  };
}

/** Asks for one record type with retries and TCP fallback. */
export async function resolveType(resolver: HostPort, hostname: string, type: Question, options: DnsProbeOptions = DEFAULT_DNS_OPTIONS): Promise<DnsAnswerSet> {
  const attempts: DnsAttempt[] = [];
  for (let attempt = 0; attempt < options.attempts; attempt += 1) {
    const started = performance.now();
    try {
      const packet = await exchangeUdp(resolver, hostname, type, options.timeoutMs);
      attempts.push({ transport: 'udp', durationMs: performance.now() - started });
      if (((packet.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE) === 0) return toSet(type, packet, attempts);
      const tcpStarted = performance.now();
      try {
        const full = await exchangeTcp(resolver, hostname, type, options.timeoutMs);
        attempts.push({ transport: 'tcp', durationMs: performance.now() - tcpStarted });
        return toSet(type, full, attempts);
      } catch (error) {
        attempts.push({ transport: 'tcp', durationMs: performance.now() - tcpStarted, error: (error as Error).message });
        return { ...toSet(type, packet, attempts), error: `truncated over UDP and TCP failed: ${(error as Error).message}` };
      }
    } catch (error) {
      attempts.push({ transport: 'udp', durationMs: performance.now() - started, error: (error as Error).message });
    }
  }
  return {
    type,
    answers: [],
    attempts,
    error: `no answer from ${resolver.host}:${resolver.port} after ${attempts.length} attempts (${attempts.at(-1)?.error})`,
  };
}

/** Probes A and AAAA of a hostname. */
export async function probeDns(resolver: HostPort, hostname: string, options: DnsProbeOptions = DEFAULT_DNS_OPTIONS): Promise<DnsTranscript> {
  const [a, aaaa] = await Promise.all([resolveType(resolver, hostname, 'A', options), resolveType(resolver, hostname, 'AAAA', options)]);
  return { hostname, resolver: `${resolver.host}:${resolver.port}`, a, aaaa };
}
