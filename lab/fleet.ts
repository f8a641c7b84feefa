/**
 * The fleet estate: the reference pattern as a large organization builds it, for
 * scale tests and benchmarks. At N× there are 5N app VPCs spread over three app
 * accounts × three Regions, each with four subnets and four route tables and peered
 * to the one endpoint hub in Sydney; one shared set of Bedrock interface endpoints
 * there; app VPCs in groups of five sharing one set of per-service private zones
 * (4 zones per group, owned by the group's account and associated with each of its
 * VPCs); the hub's security group admits one supernet per (account, Region); and,
 * in governance, 50N roles besides the app role and N/2 SCPs in all. At 100×: 500
 * app VPCs, 2,000 app route tables, 400 zones, 5,000 roles, 50 SCPs.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateVpcPeeringConnectionCommand,
} from '@aws-sdk/client-ec2';
import { AssociateVPCWithHostedZoneCommand, ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, type VPCRegion } from '@aws-sdk/client-route-53';
import type { AwsClients } from '../harness/estate/clients.ts';
import {
  createInterfaceEndpoint,
  createRouteTable,
  createSubnet,
  createVpc,
  defaultShape,
  nameTags,
  type AppSide,
  type Estate,
  type EstateShape,
} from './estate.ts';
import type { GovernanceShape } from './governance.ts';
import { inPool } from '../harness/collect/pool.ts';

/** The largest fleet the lab builds (its address plan holds 64 app VPCs per account and Region). */
export const MAX_FLEET = 100;
/** The accounts and Regions app VPCs are spread over; the first of each is the reference estate's. */
export const FLEET_APP_ACCOUNTS = ['111111111111', '555555555555', '666666666666'] as const;
export const FLEET_APP_REGIONS = ['ap-southeast-6', 'ap-southeast-4', 'ap-southeast-2'] as const;
const VPCS_PER_GROUP = 5;
const SUBNETS_PER_VPC = 4;
/** Calls in flight while provisioning (moto answers them on its own threads). */
const PROVISIONING_CONCURRENCY = 8;

/** What an N× fleet holds, counted from its definition (benchmarks derive the minimum calls from it). */
export interface FleetSize {
  multiplier: number;
  appVpcs: number;
  groups: number;
  /** (account, Region) pairs holding app VPCs. */
  cells: number;
  appRouteTables: number;
  zones: number;
  /** Roles besides the app role. */
  extraRoles: number;
  /** SCPs in all, the reference estate's two on the app account's path included. */
  scps: number;
}

/** The size of an N× fleet. */
export function fleetSize(multiplier: number, services = defaultShape().services.length): FleetSize {
  const appVpcs = VPCS_PER_GROUP * multiplier;
  const groups = multiplier;
  return {
    multiplier,
    appVpcs,
    groups,
    cells: Math.min(groups, FLEET_APP_ACCOUNTS.length * FLEET_APP_REGIONS.length),
    appRouteTables: SUBNETS_PER_VPC * appVpcs,
    zones: services * groups,
    extraRoles: 50 * multiplier,
    scps: Math.max(2, Math.floor(multiplier / 2)),
  };
}

/** Where group `group` lives: groups go round the (account, Region) cells, so every cell fills evenly. */
export function groupCell(group: number): { cell: number; account: string; region: string; slot: number } {
  const cells = FLEET_APP_ACCOUNTS.length * FLEET_APP_REGIONS.length;
  const cell = group % cells;
  return {
    cell,
    account: FLEET_APP_ACCOUNTS[cell % FLEET_APP_ACCOUNTS.length]!,
    region: FLEET_APP_REGIONS[Math.floor(cell / FLEET_APP_ACCOUNTS.length)]!,
    slot: Math.floor(group / cells),
  };
}

/** The supernet of one cell's app VPCs: 10.(16 + cell).0.0/16. */
export function cellSupernet(cell: number): string {
  return `10.${16 + cell}.0.0/16`;
}

/** App VPC `index` (0-based, within the cell) is a /22 of the cell's /16; its subnets are the /24s inside. */
function appCidr(cell: number, indexInCell: number): string {
  return `10.${16 + cell}.${4 * indexInCell}.0/22`;
}
function subnetCidr(vpcCidr: string, index: number): string {
  const [a, b, c] = vpcCidr.split('.').map(Number);
  return `${a}.${b}.${c! + index}.0/24`;
}

/** Provisions an N× fleet into a loopback emulator; `progress` hears each phase. */
export async function provisionFleet(clients: AwsClients, multiplier: number, progress: (message: string) => void = () => {}): Promise<Estate> {
  if (!Number.isInteger(multiplier) || multiplier < 1 || multiplier > MAX_FLEET) throw new Error(`lab: a fleet is 1× to ${MAX_FLEET}×, not ${multiplier}×`);
  const shape: EstateShape = { ...defaultShape('cross-account', fleetSize(multiplier).appVpcs) };
  const size = fleetSize(multiplier, shape.services.length);
  const hub = clients.ec2(shape.endpointAccount, shape.endpointRegion);
  const hubVpcId = await createVpc(hub, shape.endpointCidr, 'crisp-lab-bedrock-endpoints');
  const [a, b] = shape.endpointCidr.split('.');
  const hubSubnetIds = [
    await createSubnet(hub, hubVpcId, `${a}.${b}.0.0/20`, `${shape.endpointRegion}a`, 'crisp-lab-endpoints-a'),
    await createSubnet(hub, hubVpcId, `${a}.${b}.16.0/20`, `${shape.endpointRegion}b`, 'crisp-lab-endpoints-b'),
  ];
  const hubRouteTableId = await createRouteTable(hub, hubVpcId, hubSubnetIds, 'crisp-lab-endpoints');
  const sgId = (
    await hub.send(
      new CreateSecurityGroupCommand({
        VpcId: hubVpcId,
        GroupName: 'crisp-lab-bedrock-endpoints',
        Description: 'Bedrock interface endpoints: HTTPS from the app fleet',
      }),
    )
  ).GroupId!;
  const cells = [...new Set(Array.from({ length: size.groups }, (_, group) => groupCell(group).cell))];
  // One rule per (account, Region): the cell's supernet holds all its app VPCs.
  await hub.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sgId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: cells.map((cell) => ({ CidrIp: cellSupernet(cell), Description: `HTTPS from app cell ${cell}` })),
        },
      ],
    }),
  );
  progress(`fleet ${multiplier}×: one shared set of ${shape.services.length} endpoints in the hub`);
  const regionalNames: Record<string, { DNSName: string; HostedZoneId: string }> = {};
  const endpointIds: Record<string, string> = {};
  for (const service of shape.services) {
    // The fleet's names come from its own private zones; private DNS would put a managed zone in the hub only.
    const endpoint = await createInterfaceEndpoint(
      hub,
      { vpcId: hubVpcId, subnetIds: hubSubnetIds, securityGroupId: sgId, region: shape.endpointRegion },
      service,
      { privateDns: false, name: `crisp-lab-${service}` },
    );
    endpointIds[service] = endpoint.id;
    regionalNames[service] = endpoint.regional;
  }

  const apps: AppSide[] = new Array(size.appVpcs);
  const perCell = new Map<number, number>();
  const placements = Array.from({ length: size.appVpcs }, (_, index) => {
    const group = Math.floor(index / VPCS_PER_GROUP);
    const { cell, account, region } = groupCell(group);
    const indexInCell = perCell.get(cell) ?? 0;
    perCell.set(cell, indexInCell + 1);
    return { index, group, account, region, cidr: appCidr(cell, indexInCell) };
  });
  await inPool(placements, PROVISIONING_CONCURRENCY, async ({ index, account, region, cidr }) => {
    const ec2 = clients.ec2(account, region);
    const name = `crisp-lab-app-${index}`;
    const vpcId = await createVpc(ec2, cidr, name);
    const subnetIds: string[] = [];
    const routeTableIds: string[] = [];
    for (let position = 0; position < SUBNETS_PER_VPC; position += 1) {
      const zone = `${region}${'abc'[position % 3]}`;
      const subnetId = await createSubnet(ec2, vpcId, subnetCidr(cidr, position), zone, `${name}-${position}`);
      subnetIds.push(subnetId);
      routeTableIds.push(await createRouteTable(ec2, vpcId, [subnetId], `${name}-${position}`));
    }
    const peering = await ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: vpcId,
        PeerVpcId: hubVpcId,
        PeerRegion: shape.endpointRegion,
        PeerOwnerId: shape.endpointAccount,
        TagSpecifications: nameTags('vpc-peering-connection', `${name}-to-endpoints`),
      }),
    );
    const peeringId = peering.VpcPeeringConnection!.VpcPeeringConnectionId!;
    await hub.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));
    for (const routeTableId of routeTableIds) {
      await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: shape.endpointCidr, VpcPeeringConnectionId: peeringId }));
    }
    await hub.send(new CreateRouteCommand({ RouteTableId: hubRouteTableId, DestinationCidrBlock: cidr, VpcPeeringConnectionId: peeringId }));
    apps[index] = { account, region, vpcId, cidr, subnetIds, routeTableIds, peeringId, endpointIds: { ...endpointIds }, zoneIds: {}, zoneAccount: account };
    if ((index + 1) % 50 === 0) progress(`fleet ${multiplier}×: ${index + 1} of ${size.appVpcs} app VPCs`);
  });

  const groups = Array.from({ length: size.groups }, (_, group) => apps.slice(group * VPCS_PER_GROUP, (group + 1) * VPCS_PER_GROUP));
  await inPool(groups, PROVISIONING_CONCURRENCY, async (members, group) => {
    const [first, ...others] = members;
    const route53 = clients.route53(first!.account, first!.region);
    for (const service of shape.services) {
      const hostname = `${service}.${shape.endpointRegion}.amazonaws.com`;
      const zone = await route53.send(
        new CreateHostedZoneCommand({
          Name: hostname,
          CallerReference: `crisp-lab-group-${group}-${service}`,
          HostedZoneConfig: { PrivateZone: true, Comment: `crisp lab: ${service} for app group ${group}` },
          VPC: { VPCId: first!.vpcId, VPCRegion: first!.region as VPCRegion },
        }),
      );
      const zoneId = zone.HostedZone!.Id!.replace(/^\/hostedzone\//, '');
      for (const other of others) {
        await route53.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: other.vpcId, VPCRegion: other.region as VPCRegion } }));
      }
      for (const member of members) member.zoneIds[service] = zoneId;
      await route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              { Action: 'CREATE', ResourceRecordSet: { Name: hostname, Type: 'A', AliasTarget: { ...regionalNames[service]!, EvaluateTargetHealth: false } } },
            ],
          },
        }),
      );
    }
  });
  progress(`fleet ${multiplier}×: ${size.zones} private zones for ${size.groups} groups of app VPCs`);
  return { shape, endpointVpcId: hubVpcId, endpointSubnetIds: hubSubnetIds, endpointRouteTableId: hubRouteTableId, endpointSecurityGroupId: sgId, apps };
}

/** The governance estate of an N× fleet: 50N roles besides the app role, and N/2 SCPs in all (the extra ones on team OUs off the app's path). */
export function fleetGovernance(shape: GovernanceShape, multiplier: number): GovernanceShape {
  const size = fleetSize(multiplier);
  const onPath = 1 + shape.extraScps.length;
  return { ...shape, extraRoles: size.extraRoles, teamScps: Math.max(0, size.scps - onPath) };
}
