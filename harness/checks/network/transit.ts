/**
 * Following a path through transit gateways: a VPC route to tgw-… enters the
 * gateway through the VPC's attachment, whose associated route table decides
 * (longest prefix) where the range goes next — to the far VPC's attachment on
 * the same gateway, or across an inter-Region peering attachment (static routes
 * only) to the peer gateway, whose route table associated with that peering
 * attachment must send it to the far VPC's attachment. Pure: it reads
 * observations and derives the requests the next hop needs.
 */
import type { TransitGatewayAttachment, TransitGatewayRoute } from '../../model/aws-shapes.ts';
import { missingCapability, type TargetKind } from '../../model/capabilities.ts';
import { ObservationUnavailable, type ObservationRequest, type Observations } from '../../model/observations.ts';
import { longestPrefixSegments, type RouteCandidate } from '../../net/routes.ts';

/** Where a transit path starts and must end. */
export interface TransitLeg {
  /** The VPC whose route table sends the range to the gateway, with its owner account and Region. */
  from: { vpcId: string; account: string; region: string };
  /** The VPC the range must reach. */
  to: { vpcId: string; account: string; region: string };
  transitGatewayId: string;
  /** The destination range (CIDRs) the VPC route sent to the gateway. */
  cidrs: string[];
}

/** The verdict for one part of a transit leg. */
export interface TransitVerdict {
  cidrs: string[];
  status: 'ok' | 'fail' | 'undetermined' | 'error';
  detail: string;
}

const attachmentsRequest = (account: string, region: string): ObservationRequest<'ec2.transitGatewayAttachments'> => ({
  kind: 'ec2.transitGatewayAttachments',
  account,
  region,
});
const peeringAttachmentsRequest = (account: string, region: string): ObservationRequest<'ec2.transitGatewayPeeringAttachments'> => ({
  kind: 'ec2.transitGatewayPeeringAttachments',
  account,
  region,
});
const routesRequest = (account: string, region: string, routeTableId: string): ObservationRequest<'ec2.transitGatewayRoutes'> => ({
  kind: 'ec2.transitGatewayRoutes',
  account,
  region,
  args: { routeTableId },
});

/** Thrown inside a walk to stop at a hop whose observation is not (yet) there. */
class Missing extends Error {
  readonly request: ObservationRequest;
  /** Set when the observation failed (rather than not being collected yet). */
  readonly unavailable: ObservationUnavailable | undefined;

  constructor(request: ObservationRequest, unavailable?: ObservationUnavailable) {
    super('missing');
    this.request = request;
    this.unavailable = unavailable;
  }
}

function read<T>(request: ObservationRequest, get: () => T): T {
  try {
    return get();
  } catch (error) {
    if (error instanceof ObservationUnavailable) throw new Missing(request, error.failure.reason.startsWith('was not collected') ? undefined : error);
    throw error;
  }
}

/** The available attachment of a VPC to a gateway, as its owner lists it. */
function vpcAttachment(observations: Observations, vpc: TransitLeg['from'], transitGatewayId: string): TransitGatewayAttachment | undefined {
  const request = attachmentsRequest(vpc.account, vpc.region);
  return read(request, () => observations.get(request)).find(
    (attachment) => attachment.TransitGatewayId === transitGatewayId && attachment.ResourceType === 'vpc' && attachment.ResourceId === vpc.vpcId,
  );
}

/** Splits a range over a gateway route table's routes (longest prefix). */
function tgwSegments(routes: readonly TransitGatewayRoute[], cidrs: readonly string[]) {
  const candidates: RouteCandidate<TransitGatewayRoute>[] = routes
    .filter((route) => route.DestinationCidrBlock)
    .map((route) => ({ route, cidr: route.DestinationCidrBlock!, rank: route.Type === 'static' ? 0 : 1 }));
  return cidrs.flatMap((cidr) => longestPrefixSegments(candidates, cidr));
}

interface Walk {
  verdicts: TransitVerdict[];
  /** Requests the walk needs next (empty when every part was decided). */
  next: ObservationRequest[];
}

/**
 * Walks one gateway's route table for a range, recursing once across a peering attachment.
 * `hops` names what was crossed so far, for messages.
 */
function walkTable(
  observations: Observations,
  leg: TransitLeg,
  gateway: { id: string; owner: string; region: string },
  routeTableId: string,
  cidrs: string[],
  hops: string[],
  targetKind: TargetKind,
  crossedPeering: boolean,
): Walk {
  const request = routesRequest(gateway.owner, gateway.region, routeTableId);
  const table = read(request, () => observations.get(request));
  if (table.additionalRoutesAvailable) {
    return {
      verdicts: [
        {
          cidrs,
          status: 'error',
          detail: `${routeTableId} of ${gateway.id} has more than 1,000 routes; crisp cannot judge a route table it cannot read whole`,
        },
      ],
      next: [],
    };
  }
  const walk: Walk = { verdicts: [], next: [] };
  for (const segment of tgwSegments(table.routes, cidrs)) {
    const here = [...hops, `${routeTableId}`];
    const route = segment.route;
    if (!route) {
      walk.verdicts.push({ cidrs: segment.cidrs, status: 'fail', detail: `${here.join(' → ')} has no route for ${segment.cidrs.join(', ')}` });
      continue;
    }
    const label = `${route.DestinationCidrBlock} (${route.Type ?? 'route'})`;
    if (route.State === 'blackhole') {
      walk.verdicts.push({ cidrs: segment.cidrs, status: 'fail', detail: `${here.join(' → ')}: ${label} is a blackhole` });
      continue;
    }
    const target = route.TransitGatewayAttachments?.[0];
    if (!target) {
      // AWS names the attachment of every active route; an emulator that does not (moto) cannot be followed.
      const lacks = missingCapability(targetKind, 'transit-gateway-route-targets');
      walk.verdicts.push({
        cidrs: segment.cidrs,
        status: lacks ? 'undetermined' : 'error',
        detail: lacks
          ? `target lacks transit-gateway-route-targets: ${lacks}, so the path through ${gateway.id} cannot be followed`
          : `${here.join(' → ')}: ${label} names no attachment`,
      });
      continue;
    }
    if (target.ResourceType === 'vpc') {
      walk.verdicts.push(
        target.ResourceId === leg.to.vpcId
          ? { cidrs: segment.cidrs, status: 'ok', detail: `${here.join(' → ')}: ${label} → ${target.TransitGatewayAttachmentId} (${leg.to.vpcId})` }
          : {
              cidrs: segment.cidrs,
              status: 'fail',
              detail: `${here.join(' → ')}: ${label} sends ${segment.cidrs.join(', ')} to ${target.TransitGatewayAttachmentId} (${target.ResourceId}), not to ${leg.to.vpcId}`,
            },
      );
      continue;
    }
    if (target.ResourceType !== 'peering' || crossedPeering) {
      walk.verdicts.push({
        cidrs: segment.cidrs,
        status: 'fail',
        detail: `${here.join(' → ')}: ${label} sends ${segment.cidrs.join(', ')} to ${target.ResourceType} ${target.TransitGatewayAttachmentId}, not towards ${leg.to.vpcId}`,
      });
      continue;
    }
    const crossed = crossPeering(observations, leg, gateway, target.TransitGatewayAttachmentId ?? '', segment.cidrs, here, targetKind);
    walk.verdicts.push(...crossed.verdicts);
    walk.next.push(...crossed.next);
  }
  return walk;
}

/** Crosses a peering attachment to the peer gateway and walks its route table for that attachment. */
function crossPeering(
  observations: Observations,
  leg: TransitLeg,
  gateway: { id: string; owner: string; region: string },
  attachmentId: string,
  cidrs: string[],
  hops: string[],
  targetKind: TargetKind,
): Walk {
  const request = peeringAttachmentsRequest(gateway.owner, gateway.region);
  const peering = read(request, () => observations.get(request)).find((candidate) => candidate.TransitGatewayAttachmentId === attachmentId);
  if (!peering)
    return {
      verdicts: [
        { cidrs, status: 'fail', detail: `${hops.join(' → ')}: peering attachment ${attachmentId} is not listed in ${gateway.owner}/${gateway.region}` },
      ],
      next: [],
    };
  const state = peering.State ?? peering.Status?.Code ?? 'unknown';
  if (state !== 'available')
    return { verdicts: [{ cidrs, status: 'fail', detail: `${hops.join(' → ')}: peering attachment ${attachmentId} is ${state}, not available` }], next: [] };
  const peer = peering.RequesterTgwInfo?.TransitGatewayId === gateway.id ? peering.AccepterTgwInfo : peering.RequesterTgwInfo;
  if (!peer?.TransitGatewayId || !peer.OwnerId || !peer.Region) {
    return { verdicts: [{ cidrs, status: 'error', detail: `peering attachment ${attachmentId} does not name its peer gateway` }], next: [] };
  }
  const peerAttachments = attachmentsRequest(peer.OwnerId, peer.Region);
  const onPeer = read(peerAttachments, () => observations.get(peerAttachments)).find(
    (attachment) => attachment.TransitGatewayAttachmentId === attachmentId && attachment.TransitGatewayId === peer.TransitGatewayId,
  );
  const routeTableId = onPeer?.Association?.TransitGatewayRouteTableId;
  if (!routeTableId || onPeer?.Association?.State === 'disassociated') {
    return {
      verdicts: [
        {
          cidrs,
          status: 'fail',
          detail: `${hops.join(' → ')} → ${attachmentId}: the peering attachment is associated with no route table on ${peer.TransitGatewayId} (${peer.Region})`,
        },
      ],
      next: [],
    };
  }
  return walkTable(
    observations,
    leg,
    { id: peer.TransitGatewayId, owner: peer.OwnerId, region: peer.Region },
    routeTableId,
    cidrs,
    [...hops, `${attachmentId} (peering) → ${peer.TransitGatewayId} (${peer.Region})`],
    targetKind,
    true,
  );
}

/** Walks a transit leg; what cannot be decided yet is returned as the requests it needs. */
function walkLeg(observations: Observations, leg: TransitLeg, targetKind: TargetKind): Walk {
  try {
    const attachment = vpcAttachment(observations, leg.from, leg.transitGatewayId);
    if (!attachment || attachment.State !== 'available') {
      return {
        verdicts: [
          {
            cidrs: leg.cidrs,
            status: 'fail',
            detail: attachment
              ? `the attachment ${attachment.TransitGatewayAttachmentId} of ${leg.from.vpcId} to ${leg.transitGatewayId} is ${attachment.State}, not available`
              : `${leg.from.vpcId} has no attachment to ${leg.transitGatewayId}`,
          },
        ],
        next: [],
      };
    }
    const routeTableId = attachment.Association?.TransitGatewayRouteTableId;
    if (!routeTableId || attachment.Association?.State === 'disassociated') {
      return {
        verdicts: [
          {
            cidrs: leg.cidrs,
            status: 'fail',
            detail: `the attachment ${attachment.TransitGatewayAttachmentId} of ${leg.from.vpcId} is associated with no route table`,
          },
        ],
        next: [],
      };
    }
    const gateway = { id: leg.transitGatewayId, owner: attachment.TransitGatewayOwnerId ?? leg.from.account, region: leg.from.region };
    return walkTable(
      observations,
      leg,
      gateway,
      routeTableId,
      leg.cidrs,
      [`${leg.transitGatewayId} (${attachment.TransitGatewayAttachmentId})`],
      targetKind,
      false,
    );
  } catch (error) {
    if (!(error instanceof Missing)) throw error;
    if (error.unavailable) {
      const { failure, request } = error.unavailable;
      return {
        verdicts: [
          {
            cidrs: leg.cidrs,
            status: failure.status === 'skipped' ? 'undetermined' : 'error',
            detail: `the path through ${leg.transitGatewayId} cannot be followed: ${failure.reason} (${request.kind} in ${request.account}/${request.region})`,
          },
        ],
        next: [],
      };
    }
    return { verdicts: [], next: [error.request] };
  }
}

/** The verdicts of a transit leg (an `error` for parts whose observations were never collected). */
export function judgeTransit(observations: Observations, leg: TransitLeg, targetKind: TargetKind): TransitVerdict[] {
  const walk = walkLeg(observations, leg, targetKind);
  if (walk.next.length > 0 && walk.verdicts.length === 0) {
    return [
      {
        cidrs: leg.cidrs,
        status: 'error',
        detail: `the path through ${leg.transitGatewayId} was not collected (${walk.next.map((request) => request.kind).join(', ')})`,
      },
    ];
  }
  return walk.verdicts;
}

/** The next requests a transit leg needs (none once it is decided). */
export function transitRequests(observations: Observations, leg: TransitLeg, targetKind: TargetKind): ObservationRequest[] {
  return walkLeg(observations, leg, targetKind).next;
}
