/**
 * Security group ingress coverage: which addresses of a CIDR may open TCP to a
 * port, given the union of allow rules of several groups (SGs only allow). Rules
 * that reference a managed prefix list or another security group count with what
 * the caller resolves them to; a reference it cannot resolve is reported apart,
 * never counted as coverage.
 */
import type { IpPermission, SecurityGroup, UserIdGroupPair } from '../model/aws-shapes.ts';
import { Ipv4Set, parseCidr } from './ipv4.ts';

/** True when the permission covers TCP on `port`. */
export function permitsTcpPort(permission: IpPermission, port: number): boolean {
  const protocol = permission.IpProtocol;
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (permission.FromPort ?? 0) <= port && port <= (permission.ToPort ?? 65535);
}

/** A reference the caller could not resolve, and why (the read that failed, as the observation store said). */
export interface Unresolved {
  unresolved: string;
}

/** What a rule's references stand for, as the caller could read them. */
export interface ReferenceResolver {
  /** The CIDRs of a managed prefix list; why not, or undefined, when it could not be read. */
  prefixList(prefixListId: string): readonly string[] | Unresolved | undefined;
  /** The addresses a referenced group stands for, with a note when it admits nothing by design; why not, or undefined, when unknown. */
  group(pair: UserIdGroupPair): { cidrs: readonly string[]; note?: string } | Unresolved | undefined;
}

const isUnresolved = (value: unknown): value is Unresolved => typeof value === 'object' && value !== null && 'unresolved' in value;
/** "sg-1 allows pl-2", with the reason when the resolver gave one. */
const unresolvedEntry = (groupId: string | undefined, reference: string | undefined, result: unknown) =>
  `${groupId} allows ${reference}${isUnresolved(result) ? ` (${result.unresolved})` : ''}`;

const NOTHING_RESOLVED: ReferenceResolver = { prefixList: () => undefined, group: () => undefined };

const toRanges = (cidrs: readonly string[]) => cidrs.map((cidr) => parseCidr(cidr)).filter((range) => range !== undefined);

/**
 * The addresses admitted on TCP `port` by the groups' rules (CIDRs, and references as
 * resolved), the references that could not be resolved, and notes on references that
 * admit nothing (e.g. a group across an inter-Region peering).
 */
export function admittedAddresses(
  groups: readonly SecurityGroup[],
  port: number,
  resolver: ReferenceResolver = NOTHING_RESOLVED,
): { admitted: Ipv4Set; unresolved: string[]; notes: string[] } {
  let admitted = Ipv4Set.empty();
  const unresolved: string[] = [];
  const notes: string[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      if (!permitsTcpPort(permission, port)) continue;
      admitted = admitted.union(toRanges((permission.IpRanges ?? []).map((range) => range.CidrIp ?? '')));
      for (const pair of permission.UserIdGroupPairs ?? []) {
        const resolved = resolver.group(pair);
        if (!resolved || isUnresolved(resolved)) unresolved.push(unresolvedEntry(group.GroupId, pair.GroupId, resolved));
        else {
          admitted = admitted.union(toRanges(resolved.cidrs));
          if (resolved.note) notes.push(`${group.GroupId} allows ${pair.GroupId}: ${resolved.note}`);
        }
      }
      for (const list of permission.PrefixListIds ?? []) {
        const cidrs = resolver.prefixList(list.PrefixListId ?? '');
        if (!cidrs || isUnresolved(cidrs)) unresolved.push(unresolvedEntry(group.GroupId, list.PrefixListId, cidrs));
        else admitted = admitted.union(toRanges(cidrs));
      }
    }
  }
  return { admitted, unresolved, notes };
}

/** The part of `cidr` not in `admitted`. */
export function uncoveredPart(admitted: Ipv4Set, cidr: string): Ipv4Set {
  const range = parseCidr(cidr);
  if (!range) return Ipv4Set.empty();
  let remaining = Ipv4Set.of(range);
  for (const allowed of admitted.ranges) remaining = remaining.subtract(allowed);
  return remaining;
}
