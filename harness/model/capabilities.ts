/**
 * What each kind of target can and cannot show. A check that requires a
 * capability the target lacks reports `skipped` with the reason, never `pass`.
 */

/** A behaviour of real AWS that an emulator may not reproduce. */
export type Capability =
  /** Interface endpoint ENIs take their private IPs from their subnet's CIDR. */
  | 'endpoint-eni-ips-from-subnet'
  /** Routes whose target is gone show state `blackhole`. */
  | 'blackhole-routes';

export type TargetKind = 'aws' | 'moto' | 'localstack' | 'lab';

/** Capabilities each kind lacks, with the reason a skipped finding will carry. */
const LACKS: Record<TargetKind, Partial<Record<Capability, string>>> = {
  aws: {},
  moto: {
    'endpoint-eni-ips-from-subnet': 'moto allocates endpoint ENI IPs at random outside the subnet',
    'blackhole-routes': 'moto never marks routes as blackhole',
  },
  // The lab runs on moto, so it shares moto's gaps.
  lab: {
    'endpoint-eni-ips-from-subnet': 'the lab runs on moto, which allocates endpoint ENI IPs at random outside the subnet',
    'blackhole-routes': 'the lab runs on moto, which never marks routes as blackhole',
  },
  localstack: {
    'blackhole-routes': 'LocalStack never marks routes as blackhole',
  },
};

/** Why the target kind lacks the capability, or undefined when it has it. */
export function missingCapability(kind: TargetKind, capability: Capability): string | undefined {
  return LACKS[kind][capability];
}
