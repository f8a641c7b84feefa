/**
 * What the app VPC's Route 53 Resolver would answer, computed from a snapshot
 * of the private zones associated with the VPC, the Resolver rules in force for
 * it and the endpoints' interfaces: a FORWARD rule whose domain covers the name
 * (the most specific rule wins; SYSTEM restores Route 53) sends the query to
 * other servers, which answer as public DNS does; otherwise the most specific
 * matching private zone wins; a matching zone without the name gives NXDOMAIN
 * and without the type gives an empty answer (never a fall-back to public DNS);
 * names under no private zone get a public answer from a fixed table
 * (documentation addresses, never dialled).
 */
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';

export interface ZoneSnapshot {
  name: string;
  records: ResourceRecordSet[];
}

/** A Resolver rule in force for the VPC. */
export interface RuleSnapshot {
  domain: string;
  type: 'FORWARD' | 'SYSTEM' | 'RECURSIVE' | string;
}

export interface ResolverView {
  zones: ZoneSnapshot[];
  /** Resolver rules associated with the VPC (none: plain Route 53 resolution). */
  rules?: RuleSnapshot[];
  /** Alias target DNS name (lower case, no trailing dot) → the IPv4 addresses behind it. */
  aliasTargets: Map<string, string[]>;
  /** Public answers by hostname. */
  publicAnswers: Map<string, { A: string[]; AAAA: string[] }>;
}

export interface ResolverAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  answers: { type: 'A' | 'AAAA'; data: string; ttl: number }[];
}

const normalise = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** A public answer for every Bedrock hostname, in the documentation ranges (TEST-NET-3, 2001:db8::/32). */
export function publicBedrockAnswers(region: string, services: readonly string[]): Map<string, { A: string[]; AAAA: string[] }> {
  return new Map(
    services.map((service, index) => [
      `${service}.${region}.amazonaws.com`,
      { A: [`203.0.113.${10 + index}`], AAAA: [`2001:db8::${(10 + index).toString(16)}`] },
    ]),
  );
}

/** Answers one question as the VPC resolver would. */
/** The answer public DNS gives (what a forwarder outside the VPC returns). */
function publicAnswer(view: ResolverView, name: string, qtype: 'A' | 'AAAA'): ResolverAnswer {
  const known = view.publicAnswers.get(name);
  if (!known) return { rcode: 'NXDOMAIN', answers: [] };
  return { rcode: 'NOERROR', answers: known[qtype].map((data) => ({ type: qtype, data, ttl: 60 })) };
}

const covers = (domain: string, name: string) => domain === '' || domain === '.' || name === normalise(domain) || name.endsWith(`.${normalise(domain)}`);

export function answerQuestion(view: ResolverView, qname: string, qtype: 'A' | 'AAAA'): ResolverAnswer {
  const name = normalise(qname);
  const rule = (view.rules ?? [])
    .filter((candidate) => covers(candidate.domain, name))
    .sort((a, b) => normalise(b.domain).length - normalise(a.domain).length)[0];
  if (rule?.type === 'FORWARD') return publicAnswer(view, name, qtype);
  const zone = view.zones
    .filter((candidate) => name === normalise(candidate.name) || name.endsWith(`.${normalise(candidate.name)}`))
    .sort((a, b) => normalise(b.name).length - normalise(a.name).length)[0];
  if (!zone) return publicAnswer(view, name, qtype);
  const atName = zone.records.filter((record) => normalise(record.Name ?? '') === name);
  if (atName.length === 0) return { rcode: 'NXDOMAIN', answers: [] };
  const ofType = atName.filter((record) => record.Type === qtype);
  const answers: ResolverAnswer['answers'] = [];
  for (const record of ofType) {
    if (record.AliasTarget) {
      const targets = view.aliasTargets.get(normalise(record.AliasTarget.DNSName ?? ''));
      if (!targets) return { rcode: 'SERVFAIL', answers: [] };
      // Interface endpoints have IPv4 interfaces here; an AAAA alias yields no addresses.
      if (qtype === 'A') answers.push(...targets.map((data) => ({ type: qtype, data, ttl: 60 })));
    } else {
      answers.push(...(record.ResourceRecords ?? []).map((value) => ({ type: qtype, data: value.Value ?? '', ttl: record.TTL ?? 300 })));
    }
  }
  return { rcode: 'NOERROR', answers };
}
