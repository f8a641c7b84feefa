/**
 * An AWS-shaped estate as observations, for the checks' table tests: the app VPC
 * (Auckland, account 111111111111) peered with the endpoint VPC (Sydney, account
 * 222222222222) holding the four Bedrock interface endpoints, one private zone
 * per hostname, no Resolver rules — built the way AWS answers (ENI IPs inside
 * their subnets, main tables marked, default endpoint policies). Tests mutate the
 * data to make a fault, or replace an outcome with a failure to make an error.
 */
import type {
  HostedZone,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  ResourceRecordSet,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from '../../harness/model/aws-shapes.ts';
import type { AnyCheck } from '../../harness/checks/define.ts';
import { evaluateInstance } from '../../harness/engine/engine.ts';
import type { TargetKind } from '../../harness/model/capabilities.ts';
import type { Finding } from '../../harness/model/findings.ts';
import {
  Observations,
  type DataPlaneObservation,
  type ObservationOutcome,
  type ObservationRequest,
  type ResolverRule,
  type ResolverRuleAssociation,
  type TransitGatewayRoutes,
  type VpcZone,
} from '../../harness/model/observations.ts';

export const APP = { account: '111111111111', region: 'ap-southeast-6', vpcId: 'vpc-0a0a0a0a0a0a0a0a0', cidr: '10.0.0.0/16' } as const;
export const ENDPOINT = { account: '222222222222', region: 'ap-southeast-2', vpcId: 'vpc-0b0b0b0b0b0b0b0b0', cidr: '10.1.0.0/16' } as const;
export const SERVICES = ['bedrock', 'bedrock-runtime', 'bedrock-agent', 'bedrock-agent-runtime'] as const;
export const PEERING = 'pcx-0c0c0c0c0c0c0c0c0';
const ROUTE53_REGION = 'us-east-1';

/** The suite parameters every network check takes, for this estate. */
export const NETWORK_PARAMS = {
  app: { account: APP.account, region: APP.region, vpcId: APP.vpcId },
  endpoint: { account: ENDPOINT.account, region: ENDPOINT.region, vpcId: ENDPOINT.vpcId },
};

/** One side's EC2 state. */
export interface SideData {
  vpcs: Vpc[];
  dnsAttributes: { enableDnsSupport: boolean; enableDnsHostnames: boolean };
  subnets: Subnet[];
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  networkInterfaces: NetworkInterface[];
}

/** The whole estate, as plain data to mutate. */
export interface EstateData {
  app: SideData & { peerings: VpcPeeringConnection[] };
  endpoint: SideData & { vpcEndpoints: VpcEndpoint[] };
  /** ListHostedZonesByVPC of the app VPC, asked of the app account. */
  vpcZones: VpcZone[];
  /** ListHostedZones per account. */
  hostedZones: Record<string, HostedZone[]>;
  /** Records per zone id (asked of the zone's owner). */
  zoneRecords: Record<string, { owner: string; records: ResourceRecordSet[] }>;
  /** GetHostedZone VPC lists per zone id (asked of the owner). */
  zoneVpcs: Record<string, { owner: string; name: string; vpcs: { vpcId: string; region: string }[] }>;
  resolverRules: ResolverRule[];
  ruleAssociations: ResolverRuleAssociation[];
  dataPlane: DataPlaneObservation;
  /** Transit gateway observations per account/Region key `account/region`. */
  transitAttachments: Record<string, TransitGatewayAttachment[]>;
  transitPeerings: Record<string, TransitGatewayPeeringAttachment[]>;
  transitRoutes: Record<string, TransitGatewayRoutes & { account: string; region: string }>;
  prefixLists: Record<string, { side: 'app' | 'endpoint'; cidrs: string[] }>;
}

const allowAllEntries = (egress: boolean): NetworkAclEntry[] => [
  { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: egress, CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' },
];

/** The endpoint ENI of service `index` in subnet `a` or `b`, with an IP inside that subnet. */
function eni(index: number, zone: 'a' | 'b'): NetworkInterface {
  const third = zone === 'a' ? 1 : 17;
  return {
    NetworkInterfaceId: `eni-0${index}${zone}0000000000000`,
    SubnetId: `subnet-0e${zone}00000000000000`,
    VpcId: ENDPOINT.vpcId,
    PrivateIpAddress: `10.1.${third}.${10 + index}`,
    PrivateIpAddresses: [{ PrivateIpAddress: `10.1.${third}.${10 + index}`, Primary: true }],
    Groups: [{ GroupId: 'sg-0e0e0e0e0e0e0e0e0', GroupName: 'bedrock-endpoints' }],
  };
}

/** The clean estate. */
export function cleanEstate(): EstateData {
  const appSubnets: Subnet[] = [
    { SubnetId: 'subnet-0aa00000000000000', VpcId: APP.vpcId, CidrBlock: '10.0.0.0/20', AvailabilityZone: 'ap-southeast-6a' },
    { SubnetId: 'subnet-0ab00000000000000', VpcId: APP.vpcId, CidrBlock: '10.0.16.0/20', AvailabilityZone: 'ap-southeast-6b' },
  ];
  const endpointSubnets: Subnet[] = [
    { SubnetId: 'subnet-0ea00000000000000', VpcId: ENDPOINT.vpcId, CidrBlock: '10.1.0.0/20', AvailabilityZone: 'ap-southeast-2a' },
    { SubnetId: 'subnet-0eb00000000000000', VpcId: ENDPOINT.vpcId, CidrBlock: '10.1.16.0/20', AvailabilityZone: 'ap-southeast-2b' },
  ];
  const peering: VpcPeeringConnection = {
    VpcPeeringConnectionId: PEERING,
    Status: { Code: 'active' },
    RequesterVpcInfo: { VpcId: APP.vpcId, OwnerId: APP.account, Region: APP.region, CidrBlock: APP.cidr },
    AccepterVpcInfo: { VpcId: ENDPOINT.vpcId, OwnerId: ENDPOINT.account, Region: ENDPOINT.region, CidrBlock: ENDPOINT.cidr },
  };
  const endpoints: VpcEndpoint[] = SERVICES.map((service, index) => ({
    VpcEndpointId: `vpce-0${index}000000000000000`,
    VpcId: ENDPOINT.vpcId,
    VpcEndpointType: 'Interface',
    ServiceName: `com.amazonaws.${ENDPOINT.region}.${service}`,
    State: 'available' as VpcEndpoint['State'],
    SubnetIds: endpointSubnets.map((subnet) => subnet.SubnetId!),
    NetworkInterfaceIds: [eni(index, 'a').NetworkInterfaceId!, eni(index, 'b').NetworkInterfaceId!],
    Groups: [{ GroupId: 'sg-0e0e0e0e0e0e0e0e0', GroupName: 'bedrock-endpoints' }],
    PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }),
    DnsEntries: [
      { DnsName: `vpce-0${index}000000000000000-abcdefgh.${service}.${ENDPOINT.region}.vpce.amazonaws.com`, HostedZoneId: 'Z2K2FAKEVPCE' },
      { DnsName: `vpce-0${index}000000000000000-abcdefgh-${ENDPOINT.region}a.${service}.${ENDPOINT.region}.vpce.amazonaws.com`, HostedZoneId: 'Z2K2FAKEVPCE' },
    ],
  }));
  const zoneId = (index: number) => `Z0APPZONE${index}`;
  const hostname = (service: string) => `${service}.${ENDPOINT.region}.amazonaws.com`;
  return {
    app: {
      vpcs: [{ VpcId: APP.vpcId, CidrBlock: APP.cidr, Tags: [{ Key: 'Name', Value: 'app' }] }],
      dnsAttributes: { enableDnsSupport: true, enableDnsHostnames: true },
      subnets: appSubnets,
      routeTables: [
        {
          RouteTableId: 'rtb-0a0000000000000m0',
          VpcId: APP.vpcId,
          Associations: [{ Main: true }],
          Routes: [{ DestinationCidrBlock: APP.cidr, GatewayId: 'local', State: 'active' as const }],
        },
        ...appSubnets.map((subnet, index) => ({
          RouteTableId: `rtb-0a00000000000000${index}`,
          VpcId: APP.vpcId,
          Associations: [{ SubnetId: subnet.SubnetId, Main: false }],
          Routes: [
            { DestinationCidrBlock: APP.cidr, GatewayId: 'local', State: 'active' as const },
            { DestinationCidrBlock: ENDPOINT.cidr, VpcPeeringConnectionId: PEERING, State: 'active' as const },
          ],
        })),
      ],
      networkAcls: [
        { NetworkAclId: 'acl-0a0a0a0a0a0a0a0a0', VpcId: APP.vpcId, IsDefault: true, Entries: [...allowAllEntries(true), ...allowAllEntries(false)] },
      ],
      securityGroups: [
        {
          GroupId: 'sg-0a0a0a0a0a0a0a0a0',
          GroupName: 'workload',
          VpcId: APP.vpcId,
          IpPermissions: [],
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
      ],
      networkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0a0workload000000',
          SubnetId: appSubnets[0]!.SubnetId,
          VpcId: APP.vpcId,
          PrivateIpAddress: '10.0.1.20',
          PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.20', Primary: true }],
          Groups: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0' }],
        },
      ],
      peerings: [peering],
    },
    endpoint: {
      vpcs: [{ VpcId: ENDPOINT.vpcId, CidrBlock: ENDPOINT.cidr, Tags: [{ Key: 'Name', Value: 'endpoints' }] }],
      dnsAttributes: { enableDnsSupport: true, enableDnsHostnames: true },
      subnets: endpointSubnets,
      routeTables: [
        {
          RouteTableId: 'rtb-0e0000000000000m0',
          VpcId: ENDPOINT.vpcId,
          Associations: [{ Main: true }],
          Routes: [{ DestinationCidrBlock: ENDPOINT.cidr, GatewayId: 'local', State: 'active' as const }],
        },
        {
          RouteTableId: 'rtb-0e000000000000000',
          VpcId: ENDPOINT.vpcId,
          Associations: endpointSubnets.map((subnet) => ({ SubnetId: subnet.SubnetId, Main: false })),
          Routes: [
            { DestinationCidrBlock: ENDPOINT.cidr, GatewayId: 'local', State: 'active' as const },
            { DestinationCidrBlock: APP.cidr, VpcPeeringConnectionId: PEERING, State: 'active' as const },
          ],
        },
      ],
      networkAcls: [
        { NetworkAclId: 'acl-0e0e0e0e0e0e0e0e0', VpcId: ENDPOINT.vpcId, IsDefault: true, Entries: [...allowAllEntries(true), ...allowAllEntries(false)] },
      ],
      securityGroups: [
        {
          GroupId: 'sg-0e0e0e0e0e0e0e0e0',
          GroupName: 'bedrock-endpoints',
          VpcId: ENDPOINT.vpcId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: APP.cidr }] }],
          IpPermissionsEgress: [],
        },
        { GroupId: 'sg-0e0default00000000', GroupName: 'default', VpcId: ENDPOINT.vpcId, IpPermissions: [], IpPermissionsEgress: [] },
      ],
      networkInterfaces: SERVICES.flatMap((_, index) => [eni(index, 'a'), eni(index, 'b')]),
      vpcEndpoints: endpoints,
    },
    vpcZones: SERVICES.map((service, index) => ({ id: zoneId(index), name: `${hostname(service)}.`, owningAccount: APP.account })),
    hostedZones: {
      [APP.account]: SERVICES.map((service, index) => ({
        Id: `/hostedzone/${zoneId(index)}`,
        Name: `${hostname(service)}.`,
        CallerReference: 'x',
        Config: { PrivateZone: true },
      })),
      [ENDPOINT.account]: [],
    },
    zoneRecords: Object.fromEntries(
      SERVICES.map((service, index) => [
        zoneId(index),
        {
          owner: APP.account,
          records: [
            { Name: `${hostname(service)}.`, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns.example. hostmaster.example. 1 7200 900 1209600 86400' }] },
            {
              Name: `${hostname(service)}.`,
              Type: 'A',
              AliasTarget: { DNSName: `${endpoints[index]!.DnsEntries![0]!.DnsName}.`, HostedZoneId: 'Z2K2FAKEVPCE', EvaluateTargetHealth: false },
            },
          ],
        },
      ]),
    ),
    zoneVpcs: {},
    resolverRules: [],
    ruleAssociations: [],
    dataPlane: { targetKind: 'aws', vantage: 'outside', connect: {}, connectOnly: false },
    transitAttachments: {},
    transitPeerings: {},
    transitRoutes: {},
    prefixLists: {},
  };
}

const where = (side: 'app' | 'endpoint') => (side === 'app' ? APP : ENDPOINT);

/** The observations of the estate, keyed exactly as the checks ask for them. */
export function observationsOf(data: EstateData, overrides: [ObservationRequest, ObservationOutcome][] = []): Observations {
  const observations = new Observations();
  const put = (request: ObservationRequest, value: unknown) => observations.set(request, { ok: true, data: JSON.parse(JSON.stringify(value)) });
  for (const side of ['app', 'endpoint'] as const) {
    const { account, region, vpcId } = where(side);
    const sideData = data[side];
    const ec2 = (kind: ObservationRequest['kind'], args?: Record<string, string>): ObservationRequest => ({ kind, account, region, ...(args ? { args } : {}) });
    put(ec2('ec2.vpcs'), sideData.vpcs);
    put(ec2('ec2.vpcDnsAttributes', { vpcId }), { vpcId, ...sideData.dnsAttributes });
    put(ec2('ec2.subnets'), sideData.subnets);
    put(ec2('ec2.routeTables'), sideData.routeTables);
    put(ec2('ec2.networkAcls'), sideData.networkAcls);
    put(ec2('ec2.securityGroups'), sideData.securityGroups);
    put(ec2('ec2.networkInterfaces'), sideData.networkInterfaces);
    put(ec2('ec2.peeringConnections'), side === 'app' ? data.app.peerings : data.app.peerings);
    put(ec2('ec2.vpcEndpoints'), side === 'endpoint' ? data.endpoint.vpcEndpoints : []);
    put({ kind: 'target.dataPlane', account, region }, data.dataPlane);
  }
  put({ kind: 'route53.vpcZones', account: APP.account, region: APP.region, args: { vpcId: APP.vpcId } }, data.vpcZones);
  for (const [account, zones] of Object.entries(data.hostedZones)) put({ kind: 'route53.hostedZones', account, region: ROUTE53_REGION }, zones);
  for (const [zoneId, { owner, records }] of Object.entries(data.zoneRecords))
    put({ kind: 'route53.zoneRecords', account: owner, region: ROUTE53_REGION, args: { zoneId } }, { zoneId, records });
  for (const [zoneId, { owner, name, vpcs }] of Object.entries(data.zoneVpcs))
    put({ kind: 'route53.zoneVpcs', account: owner, region: ROUTE53_REGION, args: { zoneId } }, { zoneId, name, privateZone: true, vpcs });
  put({ kind: 'route53resolver.rules', account: APP.account, region: APP.region }, data.resolverRules);
  put({ kind: 'route53resolver.ruleAssociations', account: APP.account, region: APP.region }, data.ruleAssociations);
  put({ kind: 'route53profiles.vpcAssociations', account: APP.account, region: APP.region, args: { vpcId: APP.vpcId } }, []);
  for (const [key, attachments] of Object.entries(data.transitAttachments)) {
    const [account, region] = key.split('/');
    put({ kind: 'ec2.transitGatewayAttachments', account: account!, region: region! }, attachments);
  }
  for (const [key, peerings] of Object.entries(data.transitPeerings)) {
    const [account, region] = key.split('/');
    put({ kind: 'ec2.transitGatewayPeeringAttachments', account: account!, region: region! }, peerings);
  }
  for (const { account, region, ...routes } of Object.values(data.transitRoutes))
    put({ kind: 'ec2.transitGatewayRoutes', account, region, args: { routeTableId: routes.routeTableId } }, routes);
  for (const [prefixListId, { side, cidrs }] of Object.entries(data.prefixLists))
    put({ kind: 'ec2.prefixListEntries', account: where(side).account, region: where(side).region, args: { prefixListId } }, { prefixListId, cidrs });
  for (const [request, outcome] of overrides) observations.set(request, outcome);
  return observations;
}

/** A failed observation, as a collector records an access-denied listing. */
export function denied(request: ObservationRequest, operation: string): [ObservationRequest, ObservationOutcome] {
  return [request, { ok: false, failure: { status: 'error', reason: `access denied to ${operation}: grant it to crisp's read-only role (AccessDenied)` } }];
}

/** The EC2 request of a side, for overrides. */
export function ec2Of(side: 'app' | 'endpoint', kind: ObservationRequest['kind'], args?: Record<string, string>): ObservationRequest {
  const { account, region } = where(side);
  return { kind, account, region, ...(args ? { args } : {}) };
}

/** Evaluates a check against observations through the engine (the no-vacuous-pass guard included). */
export function judge(check: AnyCheck, params: unknown, observations: Observations, targetKind: TargetKind = 'aws'): Finding[] {
  return evaluateInstance({ check, params: check.params.parse(params), guard: false, suite: 'table-test', location: { file: 'table-test' } }, observations, {
    targetKind,
  });
}

/** The statuses of findings, for compact assertions. */
export const statuses = (findings: readonly Finding[]) => findings.map((finding) => finding.status);

export const APP_TGW = 'tgw-0a0a0a0a0a0a0a0a0';
export const HUB_TGW = 'tgw-0e0e0e0e0e0e0e0e0';
export const TGW_PEERING = 'tgw-attach-0peer000000000';

/**
 * Rewires the estate through transit gateways instead of the peering: each VPC routes the
 * other's CIDR to its Region's gateway; the gateways peer across Regions; each gateway's
 * route table sends the far CIDR over the peering attachment (static) and its own VPC's
 * CIDR to the VPC attachment — as AWS returns it.
 */
export function withTransitPath(data: EstateData): EstateData {
  data.app.peerings = [];
  for (const table of data.app.routeTables)
    for (const route of table.Routes ?? [])
      if (route.VpcPeeringConnectionId) Object.assign(route, { VpcPeeringConnectionId: undefined, TransitGatewayId: APP_TGW });
  for (const table of data.endpoint.routeTables)
    for (const route of table.Routes ?? [])
      if (route.VpcPeeringConnectionId) Object.assign(route, { VpcPeeringConnectionId: undefined, TransitGatewayId: HUB_TGW });
  const attachment = (id: string, gateway: string, owner: string, type: 'vpc' | 'peering', resource: string, table: string): TransitGatewayAttachment => ({
    TransitGatewayAttachmentId: id,
    TransitGatewayId: gateway,
    TransitGatewayOwnerId: owner,
    ResourceOwnerId: owner,
    ResourceType: type,
    ResourceId: resource,
    State: 'available',
    Association: { TransitGatewayRouteTableId: table, State: 'associated' },
  });
  data.transitAttachments[`${APP.account}/${APP.region}`] = [
    attachment('tgw-attach-0app0000000000', APP_TGW, APP.account, 'vpc', APP.vpcId, 'tgw-rtb-0app'),
    attachment(TGW_PEERING, APP_TGW, APP.account, 'peering', HUB_TGW, 'tgw-rtb-0app'),
  ];
  data.transitAttachments[`${ENDPOINT.account}/${ENDPOINT.region}`] = [
    attachment('tgw-attach-0hub0000000000', HUB_TGW, ENDPOINT.account, 'vpc', ENDPOINT.vpcId, 'tgw-rtb-0hub'),
    attachment(TGW_PEERING, HUB_TGW, ENDPOINT.account, 'peering', APP_TGW, 'tgw-rtb-0hub'),
  ];
  const peering: TransitGatewayPeeringAttachment = {
    TransitGatewayAttachmentId: TGW_PEERING,
    RequesterTgwInfo: { TransitGatewayId: APP_TGW, OwnerId: APP.account, Region: APP.region },
    AccepterTgwInfo: { TransitGatewayId: HUB_TGW, OwnerId: ENDPOINT.account, Region: ENDPOINT.region },
    State: 'available',
  };
  data.transitPeerings[`${APP.account}/${APP.region}`] = [peering];
  data.transitPeerings[`${ENDPOINT.account}/${ENDPOINT.region}`] = [peering];
  const route = (cidr: string, type: 'static' | 'propagated', id: string, resourceType: 'vpc' | 'peering', resourceId: string) => ({
    DestinationCidrBlock: cidr,
    Type: type,
    State: 'active' as const,
    TransitGatewayAttachments: [{ TransitGatewayAttachmentId: id, ResourceType: resourceType, ResourceId: resourceId }],
  });
  data.transitRoutes['tgw-rtb-0app'] = {
    account: APP.account,
    region: APP.region,
    routeTableId: 'tgw-rtb-0app',
    additionalRoutesAvailable: false,
    routes: [route(ENDPOINT.cidr, 'static', TGW_PEERING, 'peering', HUB_TGW), route(APP.cidr, 'propagated', 'tgw-attach-0app0000000000', 'vpc', APP.vpcId)],
  };
  data.transitRoutes['tgw-rtb-0hub'] = {
    account: ENDPOINT.account,
    region: ENDPOINT.region,
    routeTableId: 'tgw-rtb-0hub',
    additionalRoutesAvailable: false,
    routes: [
      route(APP.cidr, 'static', TGW_PEERING, 'peering', APP_TGW),
      route(ENDPOINT.cidr, 'propagated', 'tgw-attach-0hub0000000000', 'vpc', ENDPOINT.vpcId),
    ],
  };
  return data;
}
