/**
 * Network ACL evaluation: rules in rule-number order, first match wins, an
 * implicit deny at the end. Answers for whole address ranges and port ranges at
 * once, so "does this NACL let 443 in from every address of that subnet?" is exact.
 */
import type { NetworkAclEntry } from '../model/aws-shapes.ts';
import { Ipv4Set, parseCidr } from './ipv4.ts';

/** The ephemeral port range that replies use (Linux and the AWS documentation's range). */
export const EPHEMERAL_PORTS: Readonly<{ from: number; to: number }> = { from: 1024, to: 65535 };

/** The traffic asked about: TCP, one direction, a port range, from/to a CIDR. */
export interface NaclQuery {
  egress: boolean;
  fromPort: number;
  toPort: number;
  cidr: string;
}

/** The first rule that denies part of the traffic (`*` for the implicit final deny). */
export interface NaclDenial {
  ruleNumber: number | '*';
  /** The rule's own CIDR. */
  cidr: string;
  /** The queried ports the rule denies (a segment of the query). */
  ports: string;
  /** The part of the queried range the rule denies. */
  deniedCidrs: string[];
}

/** True when nothing allowed the traffic and the final `*` rule (32767 in the API) denied it. */
export function isFinalDeny(denial: NaclDenial): boolean {
  return denial.ruleNumber === '*' || denial.ruleNumber === 32767;
}

export interface NaclVerdict {
  allowed: boolean;
  denial?: NaclDenial;
}

function isTcp(protocol: string | undefined): boolean {
  return protocol === '-1' || protocol === '6' || protocol === 'tcp' || protocol === 'all';
}

function portRange(entry: NetworkAclEntry): [number, number] {
  if (entry.Protocol === '-1' || entry.Protocol === 'all' || !entry.PortRange) return [0, 65535];
  return [entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535];
}

/** Evaluates IPv4 entries of one direction for a TCP query. */
export function evaluateNacl(entries: readonly NetworkAclEntry[], query: NaclQuery): NaclVerdict {
  const queried = parseCidr(query.cidr);
  if (!queried) return { allowed: false, denial: { ruleNumber: '*', cidr: query.cidr, ports: '', deniedCidrs: [query.cidr] } };
  const rules = entries
    .filter((entry) => entry.Egress === query.egress && entry.CidrBlock && isTcp(entry.Protocol))
    .sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  // Split the queried ports where any rule's range starts or ends, so each segment is decided uniformly.
  const cuts = new Set([query.fromPort, query.toPort + 1]);
  for (const rule of rules) {
    const [from, to] = portRange(rule);
    if (from > query.fromPort && from <= query.toPort) cuts.add(from);
    if (to + 1 > query.fromPort && to + 1 <= query.toPort) cuts.add(to + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let index = 0; index + 1 < points.length; index += 1) {
    const segment: [number, number] = [points[index]!, points[index + 1]! - 1];
    let undecided = Ipv4Set.of(queried);
    for (const rule of rules) {
      const [from, to] = portRange(rule);
      if (from > segment[0] || to < segment[1]) continue;
      const range = parseCidr(rule.CidrBlock!);
      if (!range) continue;
      const matched = undecided.intersect(range);
      if (matched.isEmpty()) continue;
      if (rule.RuleAction === 'deny') {
        return {
          allowed: false,
          denial: { ruleNumber: rule.RuleNumber ?? 0, cidr: rule.CidrBlock!, ports: `${segment[0]}-${segment[1]}`, deniedCidrs: matched.toCidrs() },
        };
      }
      undecided = undecided.subtract(range);
      if (undecided.isEmpty()) break;
    }
    if (!undecided.isEmpty()) {
      return { allowed: false, denial: { ruleNumber: '*', cidr: '0.0.0.0/0', ports: `${segment[0]}-${segment[1]}`, deniedCidrs: undecided.toCidrs() } };
    }
  }
  return { allowed: true };
}
