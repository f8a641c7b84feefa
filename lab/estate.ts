/**
 * Provisions the reference estate into moto through the SDK: app VPC(s)
 * in Auckland peered with an endpoint VPC in Sydney, four Bedrock interface
 * endpoints there, and one private hosted zone per service hostname in each app
 * VPC, aliased to the endpoint's Regional DNS name.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, type VPCRegion } from '@aws-sdk/client-route-53';
import { DEFAULT_SERVICES } from '../harness/checks/network/scope.ts';
import type { AwsClients } from '../harness/estate/clients.ts';

/** Knobs of the estate's shape; faults that must be built in (not patched later) set them. */
export interface EstateShape {
  variant: 'same-account' | 'cross-account';
  /** Number of app VPCs peered to the one endpoint VPC. */
  scale: number;
  appAccount: string;
  endpointAccount: string;
  appRegion: string;
  endpointRegion: string;
  endpointCidr: string;
  /** CIDR of app VPC `index`. */
  appCidr(index: number): string;
  services: readonly string[];
  /** Which account owns the per-service private zones (the app account, or the endpoint account as a DNS hub). */
  zoneOwner: 'app' | 'endpoint';
}

/**
 * The two designs crisp knows: `peered` — the Auckland app VPC reaches Sydney's Bedrock endpoints
 * through a peering, so Sydney is the source Region; `auckland-direct` — the endpoints live in a
 * shared-services VPC in Auckland itself, so Auckland is the source Region.
 */
export type LabDesign = 'peered' | 'auckland-direct';

/** Builds the default shape for a variant, scale and design. */
export function defaultShape(variant: EstateShape['variant'] = 'cross-account', scale = 1, design: LabDesign = 'peered'): EstateShape {
  return {
    variant,
    scale,
    appAccount: '111111111111',
    endpointAccount: variant === 'cross-account' ? '222222222222' : '111111111111',
    appRegion: 'ap-southeast-6',
    endpointRegion: design === 'auckland-direct' ? 'ap-southeast-6' : 'ap-southeast-2',
    endpointCidr: '10.1.0.0/16',
    // 10.0/16 for the first app VPC; later ones skip the hub's 10.1/16.
    appCidr: (index) => (index === 0 ? '10.0.0.0/16' : `10.${index + 1}.0.0/16`),
    services: DEFAULT_SERVICES,
    zoneOwner: 'app',
  };
}

/** One app VPC and everything provisioned for it. */
export interface AppSide {
  /** The account and Region the app VPC lives in. */
  account: string;
  region: string;
  vpcId: string;
  cidr: string;
  subnetIds: string[];
  routeTableIds: string[];
  peeringId: string;
  /** Endpoint id per service (in the endpoint VPC) this app VPC's zones point at. */
  endpointIds: Record<string, string>;
  /** Private zone id per service (owned by `zoneAccount`). */
  zoneIds: Record<string, string>;
  /** The account that owns the zones. */
  zoneAccount: string;
}

/** What was provisioned, by id. */
export interface Estate {
  shape: EstateShape;
  endpointVpcId: string;
  endpointSubnetIds: string[];
  endpointRouteTableId: string;
  endpointSecurityGroupId: string;
  apps: AppSide[];
}

/** A Name tag for a resource created with TagSpecifications. */
export function nameTags(resourceType: string, name: string): { ResourceType: any; Tags: Tag[] }[] {
  return [{ ResourceType: resourceType, Tags: [{ Key: 'Name', Value: name }] }];
}

/** The suite variables that describe app VPC `index` (what `terraform output -json` would give). */
export function estateVars(estate: Estate, index = 0): Record<string, unknown> {
  const app = estate.apps[index]!;
  return {
    app_account_id: app.account,
    app_region: app.region,
    app_vpc_id: app.vpcId,
    endpoint_account_id: estate.shape.endpointAccount,
    endpoint_region: estate.shape.endpointRegion,
    endpoint_vpc_id: estate.endpointVpcId,
  };
}

/** A VPC with DNS support and DNS hostnames on. */
export async function createVpc(ec2: EC2Client, cidr: string, name: string): Promise<string> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: nameTags('vpc', name) }));
  const vpcId = vpc.Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  return vpcId;
}

/** A subnet in one Availability Zone. */
export async function createSubnet(ec2: EC2Client, vpcId: string, cidr: string, zone: string, name: string): Promise<string> {
  const subnet = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone, TagSpecifications: nameTags('subnet', name) }),
  );
  return subnet.Subnet!.SubnetId!;
}

/** The interface endpoint of one Bedrock service in the hub, with its id and regional DNS name. */
export async function createInterfaceEndpoint(
  hub: EC2Client,
  where: { vpcId: string; subnetIds: string[]; securityGroupId: string; region: string },
  service: string,
  options: { privateDns: boolean; name: string },
): Promise<{ id: string; regional: { DNSName: string; HostedZoneId: string } }> {
  const endpoint = await hub.send(
    new CreateVpcEndpointCommand({
      VpcId: where.vpcId,
      ServiceName: `com.amazonaws.${where.region}.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: where.subnetIds,
      SecurityGroupIds: [where.securityGroupId],
      PrivateDnsEnabled: options.privateDns,
      TagSpecifications: nameTags('vpc-endpoint', options.name),
    }),
  );
  const vpce = endpoint.VpcEndpoint!;
  const regional = vpce.DnsEntries![0]!;
  return { id: vpce.VpcEndpointId!, regional: { DNSName: regional.DnsName!, HostedZoneId: regional.HostedZoneId! } };
}

/** A route table associated with the given subnets. */
export async function createRouteTable(ec2: EC2Client, vpcId: string, subnetIds: string[], name: string): Promise<string> {
  const table = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: nameTags('route-table', name) }));
  const id = table.RouteTable!.RouteTableId!;
  for (const subnetId of subnetIds) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }));
  return id;
}

/** The /20 subnet `index` of a /16 (Terraform's cidrsubnet(cidr, 4, index)). */
function subnetCidr(vpcCidr: string, index: number): string {
  const [a, b] = vpcCidr.split('.');
  return `${a}.${b}.${index * 16}.0/20`;
}

/** Provisions the estate; `clients` must point at a loopback emulator. */
export async function provisionEstate(clients: AwsClients, shape: EstateShape): Promise<Estate> {
  const hub = clients.ec2(shape.endpointAccount, shape.endpointRegion);
  const hubVpcId = await createVpc(hub, shape.endpointCidr, 'crisp-lab-bedrock-endpoints');
  const hubSubnetIds = [
    await createSubnet(hub, hubVpcId, subnetCidr(shape.endpointCidr, 0), `${shape.endpointRegion}a`, 'crisp-lab-endpoints-a'),
    await createSubnet(hub, hubVpcId, subnetCidr(shape.endpointCidr, 1), `${shape.endpointRegion}b`, 'crisp-lab-endpoints-b'),
  ];
  const hubRouteTableId = await createRouteTable(hub, hubVpcId, hubSubnetIds, 'crisp-lab-endpoints');
  const sg = await hub.send(
    new CreateSecurityGroupCommand({
      VpcId: hubVpcId,
      GroupName: 'crisp-lab-bedrock-endpoints',
      Description: 'Bedrock interface endpoints: HTTPS from the app VPCs',
    }),
  );
  const sgId = sg.GroupId!;

  const apps: AppSide[] = [];
  for (let index = 0; index < shape.scale; index += 1) {
    const app = clients.ec2(shape.appAccount, shape.appRegion);
    const cidr = shape.appCidr(index);
    const vpcId = await createVpc(app, cidr, `crisp-lab-app-${index}`);
    const subnetIds: string[] = [];
    const routeTableIds: string[] = [];
    for (const [position, letter] of ['a', 'b'].entries()) {
      const subnetId = await createSubnet(app, vpcId, subnetCidr(cidr, position), `${shape.appRegion}${letter}`, `crisp-lab-app-${index}-${letter}`);
      subnetIds.push(subnetId);
      routeTableIds.push(await createRouteTable(app, vpcId, [subnetId], `crisp-lab-app-${index}-${letter}`));
    }
    const peering = await app.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: vpcId,
        PeerVpcId: hubVpcId,
        PeerRegion: shape.endpointRegion,
        PeerOwnerId: shape.endpointAccount,
        TagSpecifications: nameTags('vpc-peering-connection', `crisp-lab-app-${index}-to-endpoints`),
      }),
    );
    const peeringId = peering.VpcPeeringConnection!.VpcPeeringConnectionId!;
    await hub.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));
    for (const routeTableId of routeTableIds) {
      await app.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: shape.endpointCidr, VpcPeeringConnectionId: peeringId }));
    }
    await hub.send(new CreateRouteCommand({ RouteTableId: hubRouteTableId, DestinationCidrBlock: cidr, VpcPeeringConnectionId: peeringId }));
    await hub.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sgId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: cidr, Description: `HTTPS from crisp-lab-app-${index}` }] }],
      }),
    );
    const zoneAccount = shape.zoneOwner === 'endpoint' ? shape.endpointAccount : shape.appAccount;
    apps.push({
      account: shape.appAccount,
      region: shape.appRegion,
      vpcId,
      cidr,
      subnetIds,
      routeTableIds,
      peeringId,
      endpointIds: {},
      zoneIds: {},
      zoneAccount,
    });
  }

  // One set of endpoints per app VPC, as in the 20× benchmark estate; private DNS only on the first set.
  for (const [index, app] of apps.entries()) {
    // A zone owned by the endpoint account is associated with the app VPC directly (moto does not check
    // the VPC's owner; on AWS the app account would associate it after a VPC association authorization).
    const route53 = clients.route53(app.zoneAccount, shape.appRegion);
    for (const service of shape.services) {
      const endpoint = await createInterfaceEndpoint(
        hub,
        { vpcId: hubVpcId, subnetIds: hubSubnetIds, securityGroupId: sgId, region: shape.endpointRegion },
        service,
        { privateDns: index === 0, name: `crisp-lab-${service}-${index}` },
      );
      app.endpointIds[service] = endpoint.id;
      const regional = { DnsName: endpoint.regional.DNSName, HostedZoneId: endpoint.regional.HostedZoneId };
      const hostname = `${service}.${shape.endpointRegion}.amazonaws.com`;
      const zone = await route53.send(
        new CreateHostedZoneCommand({
          Name: hostname,
          CallerReference: `crisp-lab-${index}-${service}`,
          HostedZoneConfig: { PrivateZone: true, Comment: `crisp lab: ${service} for app VPC ${index}` },
          VPC: { VPCId: app.vpcId, VPCRegion: shape.appRegion as VPCRegion },
        }),
      );
      const zoneId = zone.HostedZone!.Id!.replace(/^\/hostedzone\//, '');
      app.zoneIds[service] = zoneId;
      await route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          ChangeBatch: {
            Changes: [
              {
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: hostname,
                  Type: 'A',
                  AliasTarget: { DNSName: regional.DnsName!, HostedZoneId: regional.HostedZoneId!, EvaluateTargetHealth: false },
                },
              },
            ],
          },
        }),
      );
    }
  }
  return { shape, endpointVpcId: hubVpcId, endpointSubnetIds: hubSubnetIds, endpointRouteTableId: hubRouteTableId, endpointSecurityGroupId: sgId, apps };
}
