import type { DnsAnswerSet } from '../../model/observations.ts';
import type { FindingDraft } from '../../model/findings.ts';
import { cidrContainsIp, isPrivateIpv4 } from '../../net/ipv4.ts';
import { missingCapability } from '../../model/capabilities.ts';
import { defineCheck } from '../define.ts';
import { dataPlaneRequest, dnsProbeRequest, endpointInterfaces, resolverFor } from '../live.ts';
import { bothSides, networkScopeSchema, onSide, serviceHostname } from '../network/scope.ts';
import { NetworkView, vpcCidrs } from '../network/view.ts';

const answersOf = (set: DnsAnswerSet, type: string) => set.answers.filter((answer) => answer.type === type).map((answer) => answer.data);

export default defineCheck({
  id: 'dns.private-resolution',
  title: 'From the app VPC each Bedrock hostname resolves only to the private IPs of that service’s endpoint interfaces',
  severity: 'critical',
  rationale:
    'The control plane can look right while resolution is not: a missing or shadowed zone, a wrong alias, or resolver rules send the SDK to public Bedrock IPs, and traffic leaves over the internet without any error (the classic symptom: the Bedrock hostname resolves to public IPs). Only asking the VPC resolver proves it.',
  remediation:
    'Fix the private zone of the hostname (network.private-zone-per-service, network.zone-alias-to-endpoint); check Route 53 Resolver rules and any broader private zone associated with the app VPC.',
  params: networkScopeSchema,
  needs: (scope) => [...bothSides(scope, ['ec2.vpcs']), ...onSide(scope, 'endpoint', ['ec2.vpcEndpoints', 'ec2.networkInterfaces']), dataPlaneRequest(scope)],
  probes(scope, observations) {
    const resolver = resolverFor(observations.get(dataPlaneRequest(scope)), new NetworkView(observations, scope));
    if (!resolver) return [];
    return scope.services.map((service) => dnsProbeRequest(scope, serviceHostname(scope, service), resolver));
  },
  evaluate(observations, scope) {
    const view = new NetworkView(observations, scope);
    const dataPlane = observations.get(dataPlaneRequest(scope));
    const resolver = resolverFor(dataPlane, view);
    if (!resolver) {
      if (dataPlane.vantage === 'inside-app-vpc') return view.missingVpcFindings(['app']);
      return [
        {
          status: 'skipped',
          resource: { type: 'crisp::Vantage', id: 'outside', account: scope.app.account, region: scope.app.region },
          message:
            'Skipped: crisp runs outside the app VPC and the target names no resolver, so private resolution cannot be observed; run inside the VPC or set dataPlane.resolver.',
        },
      ];
    }
    const checkCidr = !missingCapability(dataPlane.targetKind, 'endpoint-eni-ips-from-subnet');
    const endpointVpc = view.vpc('endpoint');
    const ipsByService = new Map(scope.services.map((service) => [service, endpointInterfaces(view, observations, service)]));
    return scope.services.map((service): FindingDraft => {
      const hostname = serviceHostname(scope, service);
      const resource = { type: 'crisp::DnsName', id: hostname, account: scope.app.account, region: scope.app.region };
      const interfaces = ipsByService.get(service)!;
      if (interfaces.length === 0) return { ...view.noEndpointSkip(service, 'there are no endpoint IPs to expect'), resource };
      const transcript = observations.get(dnsProbeRequest(scope, hostname, resolver));
      const expected = interfaces.map((entry) => entry.ip).filter((ip): ip is string => Boolean(ip));
      const evidence = transcript;
      if (transcript.a.error)
        return { status: 'error', resource, message: `The resolver ${resolver} did not answer for ${hostname}: ${transcript.a.error}.`, evidence };
      const ips = answersOf(transcript.a, 'A');
      const ipv6 = answersOf(transcript.aaaa, 'AAAA');
      const actual = { rcode: transcript.a.rcode, a: ips, aaaa: ipv6 };
      const fail = (why: string): FindingDraft => ({ status: 'fail', resource, message: `${hostname} via ${resolver} ${why}`, expected, actual, evidence });
      if (transcript.a.rcode !== 'NOERROR') return fail(`answers ${transcript.a.rcode}; the private zone must hold an A record at its apex.`);
      if (ips.length === 0) return fail('has no A record (NODATA); add the alias A record to the endpoint.');
      // An address of the endpoint's own interfaces, or inside the endpoint VPC, is private whatever range the VPC uses
      // (100.64.0.0/10 and even public ranges are valid VPC CIDRs); anything else outside RFC 1918 and 100.64/10 is public.
      const ownIpv6 = new Set(interfaces.flatMap((entry) => (entry.eni?.Ipv6Addresses ?? []).map((address) => address.Ipv6Address ?? '')));
      const inEndpointVpc = (ip: string) => (endpointVpc ? vpcCidrs(endpointVpc).some((cidr) => cidrContainsIp(cidr, ip)) : false);
      const isPublic = (ip: string) =>
        ip.includes(':')
          ? !ownIpv6.has(ip) && !/^f[cd]/i.test(ip)
          : !expected.includes(ip) && !inEndpointVpc(ip) && !isPrivateIpv4(ip) && !cidrContainsIp('100.64.0.0/10', ip);
      const publicIps = [...ips, ...ipv6].filter(isPublic);
      if (publicIps.length > 0)
        return fail(
          `resolves to public address${publicIps.length > 1 ? 'es' : ''} ${publicIps.join(', ')}: Bedrock traffic would leave over the internet; associate the private zone with the app VPC.`,
        );
      const foreign = ips.filter((ip) => !expected.includes(ip));
      if (foreign.length > 0) {
        const owner = (ip: string) => [...ipsByService.entries()].find(([, entries]) => entries.some((entry) => entry.ip === ip))?.[0];
        const named = foreign.map((ip) => (owner(ip) ? `${ip} (the ${owner(ip)} endpoint)` : ip));
        return fail(
          `resolves to ${named.join(', ')}, not to the ${service} endpoint interfaces (${expected.join(', ')}); point the alias at the ${service} endpoint.`,
        );
      }
      if (checkCidr && endpointVpc) {
        const outside = ips.filter((ip) => !vpcCidrs(endpointVpc).some((cidr) => cidrContainsIp(cidr, ip)));
        if (outside.length > 0) return fail(`resolves to ${outside.join(', ')}, outside the endpoint VPC ${scope.endpoint.vpcId}.`);
      }
      const endpoints = [...new Set(interfaces.filter((entry) => ips.includes(entry.ip ?? '')).map((entry) => entry.endpoint.VpcEndpointId))];
      return {
        status: 'pass',
        resource,
        message: `${hostname} resolves via ${resolver} to ${ips.join(', ')}, the interfaces of ${endpoints.join(', ')} (${service}).`,
        expected,
        actual,
        evidence,
      };
    });
  },
});
