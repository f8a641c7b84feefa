/**
 * Route 53 collectors. Hosted zones are listed once per account; the zones of a
 * VPC come from ListHostedZonesByVPC (asked of the VPC's owner, which AWS answers
 * with every owner's zones); a zone's records and VPC associations are read with
 * its owner's credentials, and only for the zones a check needs.
 */
import {
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  type ResourceRecordSet,
  type VPCRegion,
} from '@aws-sdk/client-route-53';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ObservationCatalog, ObservationRequest, VpcZone } from '../model/observations.ts';
import { bareZoneId } from '../model/arn.ts';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';

async function listRecords(client: Route53Client, zoneId: string): Promise<ResourceRecordSet[]> {
  const records: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...start }));
    records.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return records;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
  }
}

type Route53Kind = Extract<keyof ObservationCatalog, `route53.${string}`>;

/** Collects one Route 53 observation. */
export async function collectRoute53<K extends Route53Kind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const client = context.clients.route53(request.account, request.region);
  switch (request.kind as Route53Kind) {
    case 'route53.hostedZones':
      return (await drain(paginateListHostedZones({ client }, {}), (page) => page.HostedZones)) as ObservationCatalog[K];
    case 'route53.vpcZones': {
      const vpcId = request.args?.vpcId ?? '';
      const zones: VpcZone[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListHostedZonesByVPCCommand({ VPCId: vpcId, VPCRegion: request.region as VPCRegion, NextToken: nextToken }));
        for (const summary of page.HostedZoneSummaries ?? []) {
          zones.push({
            id: bareZoneId(summary.HostedZoneId ?? ''),
            name: summary.Name ?? '',
            ...(summary.Owner?.OwningAccount ? { owningAccount: summary.Owner.OwningAccount } : {}),
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return zones as ObservationCatalog[K];
    }
    case 'route53.zoneRecords': {
      const zoneId = request.args?.zoneId ?? '';
      return { zoneId, records: await listRecords(client, zoneId) } as ObservationCatalog[K];
    }
    case 'route53.zoneVpcs': {
      const zoneId = request.args?.zoneId ?? '';
      const zone = await client.send(new GetHostedZoneCommand({ Id: zoneId }));
      return {
        zoneId,
        name: zone.HostedZone?.Name ?? '',
        privateZone: zone.HostedZone?.Config?.PrivateZone === true,
        vpcs: (zone.VPCs ?? []).map((vpc) => ({ vpcId: vpc.VPCId ?? '', region: vpc.VPCRegion ?? '' })),
      } as ObservationCatalog[K];
    }
  }
  throw new Error(`no Route 53 collector for ${request.kind}`);
}
