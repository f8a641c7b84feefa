/**
 * Shared by the live data-plane checks: where crisp stands (vantage), which
 * resolver to ask, and which endpoint interfaces to expect behind each service.
 */
import type { NetworkInterface, VpcEndpoint } from '../model/aws-shapes.ts';
import type { DataPlaneObservation, ObservationRequest } from '../model/observations.ts';
import { formatIpv4, parseCidr } from '../net/ipv4.ts';
import { ec2Request, type NetworkScope } from './network/scope.ts';
import { vpcCidrs, type NetworkView } from './network/view.ts';
import type { Observations } from '../model/observations.ts';

/** The target's data-plane settings, as an observation. */
export function dataPlaneRequest(scope: NetworkScope): ObservationRequest<'target.dataPlane'> {
  return { kind: 'target.dataPlane', account: scope.app.account, region: scope.app.region };
}

/** The DNS probe of one hostname through one resolver, asked from the app side (probes() and evaluate() build the same request). */
export function dnsProbeRequest(scope: NetworkScope, hostname: string, resolver: string): ObservationRequest<'probe.dns'> {
  return { kind: 'probe.dns', account: scope.app.account, region: scope.app.region, args: { hostname, resolver } };
}

/** The TLS probe of one endpoint address (`ip:443`) with the service hostname as SNI. */
export function tlsProbeRequest(scope: NetworkScope, address: string, hostname: string): ObservationRequest<'probe.tls'> {
  return { kind: 'probe.tls', account: scope.endpoint.account, region: scope.endpoint.region, args: { address, hostname } };
}

/** The Route 53 Resolver of a VPC: its primary CIDR's base address + 2, port 53. */
export function vpcResolverAddress(cidr: string): string | undefined {
  const range = parseCidr(cidr);
  return range ? `${formatIpv4(range.start + 2)}:53` : undefined;
}

/**
 * The resolver to ask: the target's, else the app VPC's own when crisp runs
 * inside it. Undefined means DNS cannot be probed from where crisp stands.
 */
export function resolverFor(dataPlane: DataPlaneObservation, view: NetworkView): string | undefined {
  if (dataPlane.resolver) return dataPlane.resolver;
  if (dataPlane.vantage !== 'inside-app-vpc') return undefined;
  const vpc = view.vpc('app');
  const primary = vpc ? vpcCidrs(vpc)[0] : undefined;
  return primary ? vpcResolverAddress(primary) : undefined;
}

/**
 * True when a dial to `address` is worth attempting from this vantage: inside the
 * VPC every address is, outside only mapped ones (an SSM port forward). Inside
 * with connectOnly, an unmapped address is still asked for, and the probe
 * records that it refused to dial it — an error, never a silent skip.
 */
export function canDial(dataPlane: DataPlaneObservation, address: string): boolean {
  return address in dataPlane.connect || dataPlane.vantage === 'inside-app-vpc';
}

/** One network interface of an endpoint, with its private IP. */
export interface EndpointInterface {
  service: string;
  endpoint: VpcEndpoint;
  eni: NetworkInterface | undefined;
  eniId: string;
  ip: string | undefined;
}

/** Every interface of every in-scope endpoint of a service. */
export function endpointInterfaces(view: NetworkView, observations: Observations, service: string): EndpointInterface[] {
  const interfaces = new Map(observations.get(ec2Request(view.scope, 'endpoint', 'ec2.networkInterfaces')).map((eni) => [eni.NetworkInterfaceId, eni]));
  return view.endpointsFor(service).flatMap((endpoint) =>
    (endpoint.NetworkInterfaceIds ?? []).map((eniId) => {
      const eni = interfaces.get(eniId);
      return { service, endpoint, eni, eniId, ip: eni?.PrivateIpAddress };
    }),
  );
}
