/**
 * What the references in security group rules stand for, as the checks judge
 * them: a managed prefix list is its entries (read once per list, in the account
 * and Region that see it); a referenced group is the private addresses of the
 * interfaces that carry it — but only within one Region: AWS does not support
 * security group references across an inter-Region peering, so such a reference
 * admits nothing, and the finding says so. Pure.
 */
import type { SecurityGroup, UserIdGroupPair } from '../../model/aws-shapes.ts';
import { ObservationUnavailable, type ObservationRequest, type Observations } from '../../model/observations.ts';
import type { ReferenceResolver, Unresolved } from '../../net/security-groups.ts';
import { prefixListRequest } from './paths.ts';
import { ec2Request, type NetworkScope, type Side } from './scope.ts';

const other = (side: Side): Side => (side === 'app' ? 'endpoint' : 'app');

/** An observation, or why it is unavailable (its key and the failure reason: the API error, the permission). */
function read<T>(get: () => T): { value: T } | Unresolved {
  try {
    return { value: get() };
  } catch (error) {
    if (error instanceof ObservationUnavailable) return { unresolved: error.message };
    throw error;
  }
}

/** The sides whose security-group listings could hold a referenced group (the far side only when it is in the same Region). */
function sidesFor(scope: NetworkScope, side: Side): Side[] {
  return scope.app.region === scope.endpoint.region ? [side, other(side)] : [side];
}

/** The private addresses of every interface on a side that carries the group, or why they are unknown. */
function memberAddresses(scope: NetworkScope, observations: Observations, side: Side, groupId: string): { cidrs: string[] } | Unresolved {
  const interfaces = read(() => observations.get(ec2Request(scope, side, 'ec2.networkInterfaces')));
  if ('unresolved' in interfaces) return interfaces;
  return {
    cidrs: interfaces.value
      .filter((eni) => eni.Groups?.some((group) => group.GroupId === groupId))
      .flatMap((eni) => (eni.PrivateIpAddresses ?? []).map((address) => address.PrivateIpAddress).filter((ip): ip is string => Boolean(ip)))
      .map((ip) => `${ip}/32`),
  };
}

/** Resolves the references of groups on `side` (the groups guarding that side's interfaces). */
export function referenceResolver(scope: NetworkScope, observations: Observations, side: Side): ReferenceResolver {
  return {
    prefixList: (id) => {
      const entries = read(() => observations.get(prefixListRequest(scope, side, id)).cidrs);
      return 'unresolved' in entries ? entries : entries.value;
    },
    group: (pair: UserIdGroupPair) => {
      const id = pair.GroupId ?? '';
      const unread: string[] = [];
      for (const where of sidesFor(scope, side)) {
        const groups = read(() => observations.get(ec2Request(scope, where, 'ec2.securityGroups')));
        if ('unresolved' in groups) unread.push(groups.unresolved);
        else if (groups.value.some((group) => group.GroupId === id)) return memberAddresses(scope, observations, where, id);
      }
      if (scope.app.region !== scope.endpoint.region) {
        const far = other(side);
        const farGroups = read(() => observations.get(ec2Request(scope, far, 'ec2.securityGroups')));
        if (('value' in farGroups && farGroups.value.some((group) => group.GroupId === id)) || pair.VpcId === scope[far].vpcId) {
          return {
            cidrs: [],
            note: `${id} belongs to the ${far} VPC in ${scope[far].region}: AWS does not support security group references across an inter-Region peering, so this rule admits nothing — allow the ${far} CIDR or a prefix list instead`,
          };
        }
      }
      return { unresolved: unread.length > 0 ? unread.join('; ') : `${id} is in none of the security group listings of the path's VPCs` };
    },
  };
}

/** What resolving the references of these groups needs: prefix-list entries, and the listings where referenced groups and their members live. */
export function referenceRequests(scope: NetworkScope, side: Side, groups: readonly SecurityGroup[], direction: 'ingress' | 'egress'): ObservationRequest[] {
  const permissions = groups.flatMap((group) => (direction === 'ingress' ? group.IpPermissions : group.IpPermissionsEgress) ?? []);
  const requests: ObservationRequest[] = [];
  for (const permission of permissions) {
    for (const list of permission.PrefixListIds ?? []) if (list.PrefixListId) requests.push(prefixListRequest(scope, side, list.PrefixListId));
    if ((permission.UserIdGroupPairs ?? []).length > 0) {
      for (const where of [side, other(side)]) requests.push(ec2Request(scope, where, 'ec2.securityGroups'), ec2Request(scope, where, 'ec2.networkInterfaces'));
    }
  }
  return requests;
}
