/**
 * What each kind of target can and cannot show. A check that requires a
 * capability the target lacks reports `skipped` with the reason, never `pass`.
 */

/** A behaviour of real AWS that an emulator may not reproduce. */
export type Capability =
  /** Interface endpoint ENIs take their private IPs from their subnet's CIDR. */
  | 'endpoint-eni-ips-from-subnet'
  /** Routes whose target is gone show state `blackhole`. */
  | 'blackhole-routes'
  /** Transit gateway routes name the attachment they send to (SearchTransitGatewayRoutes). */
  | 'transit-gateway-route-targets';

export type TargetKind = 'aws' | 'moto' | 'localstack' | 'lab';

/** Capabilities each kind lacks, with the reason a skipped finding will carry. */
const LACKS: Record<TargetKind, Partial<Record<Capability, string>>> = {
  aws: {},
  moto: {
    'endpoint-eni-ips-from-subnet': 'moto allocates endpoint ENI IPs at random outside the subnet',
    'blackhole-routes': 'moto never marks routes as blackhole',
    'transit-gateway-route-targets': 'moto returns transit gateway routes without the attachments they send to',
  },
  // The lab runs on moto, so it shares moto's gaps.
  lab: {
    'endpoint-eni-ips-from-subnet': 'the lab runs on moto, which allocates endpoint ENI IPs at random outside the subnet',
    'blackhole-routes': 'the lab runs on moto, which never marks routes as blackhole',
    'transit-gateway-route-targets': 'the lab runs on moto, which returns transit gateway routes without the attachments they send to',
  },
  localstack: {
    'blackhole-routes': 'LocalStack never marks routes as blackhole',
  },
};

/** Why the target kind lacks the capability, or undefined when it has it. */
export function missingCapability(kind: TargetKind, capability: Capability): string | undefined {
  return LACKS[kind][capability];
}
