/**
 * A DNS server on loopback (UDP and TCP on one port) that answers from a
 * ResolverView, as the app VPC's resolver would. Modes let tests and faults make
 * it silent (a resolver timeout) or truncate UDP answers (forcing TCP fallback).
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { holdsTcpMessage } from '../../harness/probe/dns.ts';
import { answerQuestion, type ResolverView } from './resolver-view.ts';

export type DnsStandInMode = 'normal' | 'silent' | 'truncate-udp';

export interface DnsStandIn {
  /** `127.0.0.1:port` */
  address: string;
  /** Queries received, by transport (for tests). */
  queries: { udp: number; tcp: number };
  stop(): Promise<void>;
}

const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

/** The answer to a query, as a packet; UDP and TCP encode it each in their own framing. */
function respond(view: ResolverView, query: dnsPacket.Packet, truncate: boolean): dnsPacket.Packet {
  const question = query.questions?.[0];
  const type = question?.type === 'AAAA' ? 'AAAA' : 'A';
  const result =
    question && (question.type === 'A' || question.type === 'AAAA') ? answerQuestion(view, question.name, type) : { rcode: 'NOERROR' as const, answers: [] };
  // dns-packet encodes the rcode from the low four bits of the flags.
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (truncate ? dnsPacket.TRUNCATED_RESPONSE : 0) | RCODES[result.rcode];
  const answers = truncate
    ? []
    : result.answers.map((answer) => ({ type: answer.type, name: question!.name, ttl: answer.ttl, data: answer.data }) as dnsPacket.Answer);
  return { type: 'response', id: query.id, flags, questions: query.questions, answers };
}

/** Starts the stand-in on a free loopback port. */
export async function startDnsStandIn(view: ResolverView, mode: DnsStandInMode = 'normal'): Promise<DnsStandIn> {
  const queries = { udp: 0, tcp: 0 };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const udp: Socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve());
    });
    const port = udp.address().port;
    udp.on('message', (message, remote) => {
      queries.udp += 1;
      if (mode === 'silent') return;
      udp.send(dnsPacket.encode(respond(view, dnsPacket.decode(message), mode === 'truncate-udp')), remote.port, remote.address);
    });
    const open = new Set<TcpSocket>();
    const tcp: Server = createServer((socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      let buffer = Buffer.alloc(0);
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (!holdsTcpMessage(buffer)) return;
        queries.tcp += 1;
        if (mode === 'silent') return;
        socket.end(dnsPacket.streamEncode(respond(view, dnsPacket.streamDecode(buffer), false)));
      });
    });
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) {
      udp.close();
      continue; // the TCP side of that port was taken; pick another
    }
    return {
      address: `127.0.0.1:${port}`,
      queries,
      stop: async () => {
        udp.close();
        for (const socket of open) socket.destroy();
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
  }
  throw new Error('could not bind the DNS stand-in on UDP and TCP of one loopback port');
}
