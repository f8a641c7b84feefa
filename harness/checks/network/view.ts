/**
 * A read-only view of the two VPCs as the network checks see them: which
 * subnets, route tables, endpoints and peerings are in scope. Pure: it only reads
 * observations (throwing ObservationUnavailable when one is missing).
 */
import type { NetworkAcl, RouteTable, SecurityGroup, Subnet, Vpc, VpcEndpoint, VpcPeeringConnection } from '../../model/aws-shapes.ts';
import type { Observations } from '../../model/observations.ts';
import type { FindingDraft, ResourceRef } from '../../model/findings.ts';
import { parseCidr, rangesOverlap } from '../../net/ipv4.ts';
import { ec2Request, endpointServiceName, type NetworkScope, type Side } from './scope.ts';

/** The Name tag of a resource, if any. */
export function nameTag(tags: readonly { Key?: string; Value?: string }[] | undefined): string | undefined {
  return tags?.find((tag) => tag.Key === 'Name')?.Value;
}

/** The IPv4 CIDRs associated with a VPC (primary and secondary). */
export function vpcCidrs(vpc: Vpc): string[] {
  const associated = (vpc.CidrBlockAssociationSet ?? [])
    .filter((association) => association.CidrBlockState?.State === 'associated' && association.CidrBlock)
    .map((association) => association.CidrBlock!);
  return associated.length > 0 ? associated : vpc.CidrBlock ? [vpc.CidrBlock] : [];
}

/** True when any CIDR of `a` overlaps any CIDR of `b`. */
export function cidrListsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((left) =>
    b.some((right) => {
      const l = parseCidr(left);
      const r = parseCidr(right);
      return l !== undefined && r !== undefined && rangesOverlap(l, r);
    }),
  );
}

/** The route table that governs a subnet: its explicit association, else the VPC's main table. */
export function routeTableOf(tables: readonly RouteTable[], vpcId: string, subnetId: string): RouteTable | undefined {
  const inVpc = tables.filter((table) => table.VpcId === vpcId);
  return (
    inVpc.find((table) => table.Associations?.some((association) => association.SubnetId === subnetId)) ??
    inVpc.find((table) => table.Associations?.some((association) => association.Main))
  );
}

/** The NACL governing a subnet: its association, else the VPC's default ACL. */
export function naclOf(acls: readonly NetworkAcl[], vpcId: string, subnetId: string): NetworkAcl | undefined {
  const inVpc = acls.filter((acl) => acl.VpcId === vpcId);
  return inVpc.find((acl) => acl.Associations?.some((association) => association.SubnetId === subnetId)) ?? inVpc.find((acl) => acl.IsDefault);
}

/** True when the peering connects the two VPCs, in either direction. */
export function connects(peering: VpcPeeringConnection, a: string, b: string): boolean {
  const requester = peering.RequesterVpcInfo?.VpcId;
  const accepter = peering.AccepterVpcInfo?.VpcId;
  return (requester === a && accepter === b) || (requester === b && accepter === a);
}

/** Resource reference for an EC2 resource on one side. */
export function ec2Resource(scope: NetworkScope, side: Side, type: string, id: string, tags?: { Key?: string; Value?: string }[]): ResourceRef {
  const name = nameTag(tags);
  return { type, id, ...(name ? { name } : {}), account: scope[side].account, region: scope[side].region };
}

/** Everything about one side's VPC that the checks read. */
export interface SideView {
  vpc: Vpc | undefined;
  subnets: Subnet[];
  routeTables: RouteTable[];
}

/**
 * An observed list grouped by VPC once, however many suite instances ask for their own VPC's
 * share of it (a fleet's app VPCs share one listing per account and Region). Keyed by the list
 * itself: observations are never changed once stored.
 */
const listsByVpc = new WeakMap<readonly { VpcId?: string }[], Map<string, { VpcId?: string }[]>>();

function ofVpc<T extends { VpcId?: string }>(list: readonly T[], vpcId: string): T[] {
  let groups = listsByVpc.get(list) as Map<string, T[]> | undefined;
  if (!groups) {
    groups = new Map();
    for (const item of list) {
      const key = item.VpcId ?? '';
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    listsByVpc.set(list, groups);
  }
  return [...(groups.get(vpcId) ?? [])];
}

/** The in-scope estate, derived from observations and the suite's scope. */
/** Peerings by id, per listing (a listing is one observation, shared by every suite instance reading it). */
const peeringIndex = new WeakMap<readonly VpcPeeringConnection[], Map<string, VpcPeeringConnection>>();

export class NetworkView {
  readonly scope: NetworkScope;
  readonly #observations: Observations;

  constructor(observations: Observations, scope: NetworkScope) {
    this.#observations = observations;
    this.scope = scope;
  }

  /** The VPC of a side, if it exists. */
  vpc(side: Side): Vpc | undefined {
    return this.#observations.get(ec2Request(this.scope, side, 'ec2.vpcs')).find((vpc) => vpc.VpcId === this.scope[side].vpcId);
  }

  /** Subnets of a side's VPC. */
  subnets(side: Side): Subnet[] {
    return ofVpc(this.#observations.get(ec2Request(this.scope, side, 'ec2.subnets')), this.scope[side].vpcId);
  }

  routeTables(side: Side): RouteTable[] {
    return ofVpc(this.#observations.get(ec2Request(this.scope, side, 'ec2.routeTables')), this.scope[side].vpcId);
  }

  /**
   * The in-scope app subnets: the suite's list, or by default every subnet of the app
   * VPC (each judged through its effective route table: its own association, else the
   * main table). Ids the suite names that do not exist are returned apart.
   */
  appSubnets(): { subnets: Subnet[]; unknownIds: string[] } {
    const all = this.subnets('app');
    if (this.scope.app.subnetIds) {
      const byId = new Map(all.map((subnet) => [subnet.SubnetId, subnet]));
      return {
        subnets: this.scope.app.subnetIds.map((id) => byId.get(id)).filter((subnet): subnet is Subnet => subnet !== undefined),
        unknownIds: this.scope.app.subnetIds.filter((id) => !byId.has(id)),
      };
    }
    return { subnets: all, unknownIds: [] };
  }

  /** Error findings for subnets the suite names in app_subnet_ids that do not exist. */
  unknownSubnetFindings(): FindingDraft[] {
    return this.appSubnets().unknownIds.map((id) => ({
      status: 'error' as const,
      resource: ec2Resource(this.scope, 'app', 'AWS::EC2::Subnet', id),
      message: `App subnet ${id} named in app_subnet_ids does not exist in VPC ${this.scope.app.vpcId} (account ${this.scope.app.account}, Region ${this.scope.app.region}); fix the variable.`,
    }));
  }

  /** The route table that governs a subnet on a side: its explicit association, else the VPC's main table. */
  effectiveRouteTable(side: Side, subnet: Subnet): RouteTable | undefined {
    return routeTableOf(this.routeTables(side), this.scope[side].vpcId, subnet.SubnetId ?? '');
  }

  /** Every peering listed on the app side by id, whatever it joins and whatever its state (routes may name any). */
  peeringsById(): ReadonlyMap<string, VpcPeeringConnection> {
    const listing = this.#observations.get(ec2Request(this.scope, 'app', 'ec2.peeringConnections'));
    let byId = peeringIndex.get(listing);
    if (!byId) {
      byId = new Map(listing.map((peering) => [peering.VpcPeeringConnectionId ?? '', peering]));
      peeringIndex.set(listing, byId);
    }
    return byId;
  }

  /** Interface endpoints in the endpoint VPC for one service (several may exist; each is judged). */
  endpointsFor(service: string): VpcEndpoint[] {
    const serviceName = endpointServiceName(this.scope, service);
    return (
      this.#observations
        .get(ec2Request(this.scope, 'endpoint', 'ec2.vpcEndpoints'))
        .filter((endpoint) => endpoint.VpcId === this.scope.endpoint.vpcId && endpoint.ServiceName === serviceName && endpoint.VpcEndpointType === 'Interface')
        // Deleted endpoints stay listed for a while (on AWS and moto); they serve nothing.
        .filter((endpoint) => endpoint.State?.toLowerCase() !== 'deleted')
    );
  }

  /** Subnets the in-scope endpoints sit in (what the app side must reach). */
  endpointSubnets(): Subnet[] {
    const ids = new Set(this.scope.services.flatMap((service) => this.endpointsFor(service).flatMap((endpoint) => endpoint.SubnetIds ?? [])));
    return this.subnets('endpoint').filter((subnet) => ids.has(subnet.SubnetId ?? ''));
  }

  /** Peering connections between the two VPCs. The app side lists them whichever side requested, so one listing serves. */
  peerings(): VpcPeeringConnection[] {
    return this.#observations
      .get(ec2Request(this.scope, 'app', 'ec2.peeringConnections'))
      .filter((peering) => connects(peering, this.scope.app.vpcId, this.scope.endpoint.vpcId));
  }

  /** The skipped finding for a service without any endpoint (judged by network.interface-endpoints-available). */
  noEndpointSkip(service: string, what = 'there is nothing to judge'): FindingDraft {
    return {
      status: 'skipped',
      resource: {
        type: 'AWS::EC2::VPCEndpoint',
        id: endpointServiceName(this.scope, service),
        account: this.scope.endpoint.account,
        region: this.scope.endpoint.region,
      },
      message: `No Interface endpoint exists for ${service}, so ${what} (see network.interface-endpoints-available).`,
    };
  }

  /**
   * The security groups that guard an endpoint: its own, else the endpoint VPC's default
   * group (AWS attaches it when none is named; moto then reports no groups at all).
   */
  securityGroupsOf(endpoint: VpcEndpoint): SecurityGroup[] {
    const groups = this.endpointSecurityGroups();
    const ids = (endpoint.Groups ?? []).map((group) => group.GroupId).filter((id): id is string => Boolean(id));
    if (ids.length > 0) return ids.map((id) => groups.get(id)).filter((group): group is SecurityGroup => group !== undefined);
    const fallback = [...groups.values()].find((group) => group.GroupName === 'default');
    return fallback ? [fallback] : [];
  }

  /** Security groups of the endpoint VPC by id. */
  endpointSecurityGroups(): Map<string, SecurityGroup> {
    const groups = this.#observations
      .get(ec2Request(this.scope, 'endpoint', 'ec2.securityGroups'))
      .filter((group) => group.VpcId === this.scope.endpoint.vpcId);
    return new Map(groups.map((group) => [group.GroupId ?? '', group]));
  }

  /** True when the two VPCs' CIDRs overlap (routing between them cannot work). */
  cidrsOverlap(): boolean {
    const app = this.vpc('app');
    const endpoint = this.vpc('endpoint');
    return app !== undefined && endpoint !== undefined && cidrListsOverlap(vpcCidrs(app), vpcCidrs(endpoint));
  }

  /**
   * Findings for a missing VPC: the check cannot evaluate without it. An `error`,
   * because the suite's vars most likely name the wrong VPC, account or Region.
   */
  missingVpcFindings(sides: readonly Side[] = ['app', 'endpoint']): FindingDraft[] {
    return sides
      .filter((side) => this.vpc(side) === undefined)
      .map((side) => ({
        status: 'error' as const,
        resource: ec2Resource(this.scope, side, 'AWS::EC2::VPC', this.scope[side].vpcId),
        message: `The ${side} VPC ${this.scope[side].vpcId} does not exist in account ${this.scope[side].account}, Region ${this.scope[side].region}; check the ${side === 'app' ? 'app_vpc_id' : 'endpoint_vpc_id'} variable.`,
      }));
  }
}
