/**
 * Security group ingress coverage: which addresses of a CIDR may open TCP to a
 * port, given the union of allow rules of several groups (SGs only allow).
 */
import type { IpPermission, SecurityGroup } from '../model/aws-shapes.ts';
import { Ipv4Set, parseCidr } from './ipv4.ts';

/** True when the permission covers TCP on `port`. */
export function permitsTcpPort(permission: IpPermission, port: number): boolean {
  const protocol = permission.IpProtocol;
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  return (permission.FromPort ?? 0) <= port && port <= (permission.ToPort ?? 65535);
}

/** The addresses admitted on TCP `port` by CIDR rules of the groups, and the rules that use references crisp cannot resolve to addresses. */
export function admittedAddresses(groups: readonly SecurityGroup[], port: number): { admitted: Ipv4Set; unresolved: string[] } {
  let admitted = Ipv4Set.empty();
  const unresolved: string[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      if (!permitsTcpPort(permission, port)) continue;
      const ranges = (permission.IpRanges ?? []).map((range) => (range.CidrIp ? parseCidr(range.CidrIp) : undefined)).filter((range) => range !== undefined);
      admitted = admitted.union(ranges);
      for (const pair of permission.UserIdGroupPairs ?? []) unresolved.push(`${group.GroupId} allows ${pair.GroupId}`);
      for (const list of permission.PrefixListIds ?? []) unresolved.push(`${group.GroupId} allows ${list.PrefixListId}`);
    }
  }
  return { admitted, unresolved };
}

/** The part of `cidr` not in `admitted`. */
export function uncoveredPart(admitted: Ipv4Set, cidr: string): Ipv4Set {
  const range = parseCidr(cidr);
  if (!range) return Ipv4Set.empty();
  let remaining = Ipv4Set.of(range);
  for (const allowed of admitted.ranges) remaining = remaining.subtract(allowed);
  return remaining;
}
