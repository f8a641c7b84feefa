/**
 * Named faults for the lab: each breaks one thing in the clean estate and names
 * the check that must catch it. The detection-matrix test injects each one and
 * asserts that its check fails and no other check does.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateNetworkAclEntryCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  DeleteVpcEndpointsCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeNetworkAclsCommand,
  DescribeVpcsCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupIngressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import {
  AssociateVPCWithHostedZoneCommand,
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  DisassociateVPCFromHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type VPCRegion,
} from '@aws-sdk/client-route-53';
import type { AwsClients } from '../harness/estate/clients.ts';
import type { DataPlaneFault } from './dataplane/start.ts';
import type { Estate, EstateShape } from './estate.ts';
import type { Governance, GovernanceShape } from './governance.ts';
import type { ResidencyShape } from './residency.ts';
import type { GovCloudShape } from './govcloud/shape.ts';
import { DetachPolicyCommand } from '@aws-sdk/client-organizations';
import { AssociateResolverRuleCommand, CreateResolverEndpointCommand, CreateResolverRuleCommand } from '@aws-sdk/client-route53resolver';
import type { PolicyDocument, Statement } from '../harness/policy/types.ts';

/** A fault: optional changes to the estate's shape before provisioning, and/or a patch after. */
export interface LabFault {
  name: string;
  description: string;
  /**
   * The checks that must report it — exactly these, no others. The first is the
   * one that owns the fault; the others see the same break from another angle
   * (the static path walks the hop, the live probe feels it).
   */
  detectedBy: readonly string[];
  /** How the owning check reports it: `fail`, or `error` where observing is what broke. */
  reportedAs?: 'fail' | 'error';
  shape?: (shape: EstateShape) => EstateShape;
  apply?: (clients: AwsClients, estate: Estate) => Promise<void>;
  /** Breaks the lab's data-plane stand-ins instead of (or as well as) the estate. */
  dataPlane?: DataPlaneFault;
  /** Changes the governance estate before it is built. */
  governance?: (shape: GovernanceShape) => GovernanceShape;
  /** Patches the governance estate after it is built. */
  applyGovernance?: (clients: AwsClients, governance: Governance) => Promise<void>;
  /** Changes the residency estate (trail, invocation logging, the workload's calls) before it is built. */
  residency?: (shape: ResidencyShape) => ResidencyShape;
  /** Changes the GovCloud proxy estate before it is built. */
  govcloud?: (shape: GovCloudShape) => GovCloudShape;
  /** Breaks the GovCloud proxy stand-in. */
  proxy?: { dropAudit?: boolean; tlsMinVersion?: 'TLSv1' };
}

function hubClient(clients: AwsClients, estate: Estate) {
  return clients.ec2(estate.shape.endpointAccount, estate.shape.endpointRegion);
}

function appClient(clients: AwsClients, estate: Estate) {
  return clients.ec2(estate.shape.appAccount, estate.shape.appRegion);
}

/** Replaces the HTTPS rule for app VPC 0 with another (port or CIDR). */
async function replaceSgRule(clients: AwsClients, estate: Estate, rule: { port: number; cidr: string }): Promise<void> {
  const hub = hubClient(clients, estate);
  const app = estate.apps[0]!;
  await hub.send(
    new RevokeSecurityGroupIngressCommand({
      GroupId: estate.endpointSecurityGroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: app.cidr }] }],
    }),
  );
  await hub.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: estate.endpointSecurityGroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: rule.port, ToPort: rule.port, IpRanges: [{ CidrIp: rule.cidr }] }],
    }),
  );
}

/** Adds a TCP deny entry (rule 50, ahead of the allow-all) to the endpoint VPC's default NACL. */
async function denyOnEndpointNacl(clients: AwsClients, estate: Estate, entry: { egress: boolean; from: number; to: number }): Promise<void> {
  const hub = hubClient(clients, estate);
  const acls = await hub.send(new DescribeNetworkAclsCommand({}));
  const acl = acls.NetworkAcls?.find((candidate) => candidate.VpcId === estate.endpointVpcId && candidate.IsDefault);
  if (!acl) throw new Error('lab: the endpoint VPC has no default network ACL');
  await hub.send(
    new CreateNetworkAclEntryCommand({
      NetworkAclId: acl.NetworkAclId,
      RuleNumber: 50,
      Protocol: '6',
      RuleAction: 'deny',
      Egress: entry.egress,
      CidrBlock: '0.0.0.0/0',
      PortRange: { From: entry.from, To: entry.to },
    }),
  );
}

const ALIAS_SERVICE = 'bedrock-runtime';

/** Deletes the private zone of a service for app VPC 0 (its alias first, as Route 53 requires); returns the alias record. */
async function deleteServiceZone(clients: AwsClients, estate: Estate, service: string): Promise<ResourceRecordSet> {
  const route53 = clients.route53(estate.apps[0]!.zoneAccount, estate.shape.appRegion);
  const zoneId = estate.apps[0]!.zoneIds[service]!;
  const records = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const alias = records.ResourceRecordSets!.find((record) => record.Type === 'A')!;
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: alias }] } }));
  await route53.send(new DeleteHostedZoneCommand({ Id: zoneId }));
  return alias;
}

const NETWORK_FAULTS: LabFault[] = [
  {
    name: 'peering-pending',
    description: 'The peering request was never accepted: the routes point at a pending-acceptance connection.',
    detectedBy: ['network.peering-active', 'network.app-routes-to-endpoints', 'network.endpoint-routes-to-app', 'network.static-path'],
    async apply(clients, estate) {
      const app = appClient(clients, estate);
      const side = estate.apps[0]!;
      await app.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: side.peeringId }));
      const pending = await app.send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: side.vpcId,
          PeerVpcId: estate.endpointVpcId,
          PeerRegion: estate.shape.endpointRegion,
          PeerOwnerId: estate.shape.endpointAccount,
        }),
      );
      const pendingId = pending.VpcPeeringConnection!.VpcPeeringConnectionId!;
      for (const routeTableId of side.routeTableIds) {
        await app.send(
          new ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: estate.shape.endpointCidr, VpcPeeringConnectionId: pendingId }),
        );
      }
      await hubClient(clients, estate).send(
        new ReplaceRouteCommand({ RouteTableId: estate.endpointRouteTableId, DestinationCidrBlock: side.cidr, VpcPeeringConnectionId: pendingId }),
      );
      side.peeringId = pendingId;
    },
  },
  {
    name: 'app-route-missing',
    description: 'One of the two app route tables lacks the route to the endpoint VPC.',
    detectedBy: ['network.app-routes-to-endpoints', 'network.static-path'],
    async apply(clients, estate) {
      await appClient(clients, estate).send(
        new DeleteRouteCommand({ RouteTableId: estate.apps[0]!.routeTableIds[1], DestinationCidrBlock: estate.shape.endpointCidr }),
      );
    },
  },
  {
    name: 'return-route-missing',
    description: 'The endpoint subnets’ route table has no route back to the app VPC.',
    detectedBy: ['network.endpoint-routes-to-app', 'network.static-path'],
    async apply(clients, estate) {
      await hubClient(clients, estate).send(new DeleteRouteCommand({ RouteTableId: estate.endpointRouteTableId, DestinationCidrBlock: estate.apps[0]!.cidr }));
    },
  },
  {
    name: 'sg-partial-app-cidr',
    description: 'The endpoint security group admits 443 only from the first app subnet, not the whole app CIDR.',
    detectedBy: ['network.endpoint-sg-admits-app', 'network.static-path'],
    apply: (clients, estate) => replaceSgRule(clients, estate, { port: 443, cidr: estate.apps[0]!.cidr.replace(/\/16$/, '/20') }),
  },
  {
    name: 'sg-wrong-port',
    description: 'The endpoint security group admits the app CIDR on 8443 instead of 443.',
    detectedBy: ['network.endpoint-sg-admits-app', 'network.static-path'],
    apply: (clients, estate) => replaceSgRule(clients, estate, { port: 8443, cidr: estate.apps[0]!.cidr }),
  },
  {
    name: 'endpoint-missing',
    description: 'The bedrock-agent interface endpoint does not exist.',
    detectedBy: ['network.interface-endpoints-available'],
    async apply(clients, estate) {
      const hub = hubClient(clients, estate);
      const endpoints = await hub.send(new DescribeVpcEndpointsCommand({}));
      const ids = (endpoints.VpcEndpoints ?? [])
        .filter((endpoint) => endpoint.VpcId === estate.endpointVpcId && endpoint.ServiceName === `com.amazonaws.${estate.shape.endpointRegion}.bedrock-agent`)
        .map((endpoint) => endpoint.VpcEndpointId!);
      await hub.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: ids }));
    },
  },
  {
    name: 'zone-wrong-vpc',
    description: 'The bedrock-runtime private zone is associated with another VPC instead of the app VPC.',
    detectedBy: ['network.private-zone-per-service', 'dns.private-resolution'],
    async apply(clients, estate) {
      const route53 = clients.route53(estate.apps[0]!.zoneAccount, estate.shape.appRegion);
      const vpcs = await appClient(clients, estate).send(new DescribeVpcsCommand({}));
      const other = vpcs.Vpcs!.find((vpc) => vpc.IsDefault)!.VpcId!;
      const zoneId = estate.apps[0]!.zoneIds[ALIAS_SERVICE]!;
      const region = estate.shape.appRegion as VPCRegion;
      await route53.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: other, VPCRegion: region } }));
      await route53.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: zoneId, VPC: { VPCId: estate.apps[0]!.vpcId, VPCRegion: region } }));
    },
  },
  {
    name: 'public-zone',
    description: 'The bedrock-runtime zone was created as a public zone, so it never overrides resolution in the VPC.',
    detectedBy: ['network.private-zone-per-service', 'dns.private-resolution'],
    async apply(clients, estate) {
      const route53 = clients.route53(estate.apps[0]!.zoneAccount, estate.shape.appRegion);
      const alias = await deleteServiceZone(clients, estate, ALIAS_SERVICE);
      const hostname = `${ALIAS_SERVICE}.${estate.shape.endpointRegion}.amazonaws.com`;
      const zone = await route53.send(new CreateHostedZoneCommand({ Name: hostname, CallerReference: 'crisp-lab-public-zone' }));
      await route53.send(
        new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.HostedZone!.Id!, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: alias }] } }),
      );
    },
  },
  {
    name: 'alias-wrong-endpoint',
    description: 'The bedrock-runtime alias points at the bedrock (control plane) endpoint.',
    detectedBy: ['network.zone-alias-to-endpoint', 'dns.private-resolution'],
    async apply(clients, estate) {
      const route53 = clients.route53(estate.apps[0]!.zoneAccount, estate.shape.appRegion);
      const hub = hubClient(clients, estate);
      const endpoints = await hub.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [estate.apps[0]!.endpointIds['bedrock']!] }));
      const wrong = endpoints.VpcEndpoints!.find((endpoint) => endpoint.VpcEndpointId === estate.apps[0]!.endpointIds['bedrock'])!.DnsEntries![0]!;
      const hostname = `${ALIAS_SERVICE}.${estate.shape.endpointRegion}.amazonaws.com`;
      await route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: estate.apps[0]!.zoneIds[ALIAS_SERVICE]!,
          ChangeBatch: {
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: hostname,
                  Type: 'A',
                  AliasTarget: { DNSName: wrong.DnsName!, HostedZoneId: wrong.HostedZoneId!, EvaluateTargetHealth: false },
                },
              },
            ],
          },
        }),
      );
    },
  },
  {
    name: 'overlapping-cidrs',
    description: 'The app VPC was addressed inside the endpoint VPC’s range (10.1.0.0/16 overlaps 10.1.0.0/17).',
    detectedBy: ['network.vpc-cidrs-disjoint'],
    shape: (shape) => ({ ...shape, endpointCidr: '10.1.0.0/17', appCidr: (index) => (index === 0 ? '10.1.0.0/16' : shape.appCidr(index)) }),
  },
  {
    name: 'vpc-dns-hostnames-off',
    description: 'DNS hostnames are turned off on the app VPC.',
    detectedBy: ['network.vpc-dns-attributes'],
    async apply(clients, estate) {
      await appClient(clients, estate).send(new ModifyVpcAttributeCommand({ VpcId: estate.apps[0]!.vpcId, EnableDnsHostnames: { Value: false } }));
    },
  },
  {
    name: 'endpoint-single-az',
    description: 'The bedrock-runtime endpoint was left with a subnet in one Availability Zone only.',
    detectedBy: ['network.endpoints-multi-az'],
    async apply(clients, estate) {
      await hubClient(clients, estate).send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: estate.apps[0]!.endpointIds[ALIAS_SERVICE], RemoveSubnetIds: [estate.endpointSubnetIds[1]!] }),
      );
    },
  },
  {
    name: 'nacl-deny-443',
    description: 'The endpoint subnets’ network ACL denies inbound TCP 443 (rule 50) before the allow-all.',
    detectedBy: ['network.nacls-allow-https', 'network.static-path'],
    apply: (clients, estate) => denyOnEndpointNacl(clients, estate, { egress: false, from: 443, to: 443 }),
  },
  {
    name: 'nacl-blocks-ephemeral-return',
    description: 'The endpoint subnets’ network ACL denies outbound TCP 1024-65535, so replies never leave.',
    detectedBy: ['network.nacls-allow-https', 'network.static-path'],
    apply: (clients, estate) => denyOnEndpointNacl(clients, estate, { egress: true, from: 1024, to: 65535 }),
  },
  {
    name: 'zone-missing',
    description: 'The bedrock-runtime private zone does not exist, so the VPC resolver gives the public answer.',
    detectedBy: ['network.private-zone-per-service', 'dns.private-resolution'],
    apply: async (clients, estate) => void (await deleteServiceZone(clients, estate, ALIAS_SERVICE)),
  },
  {
    name: 'unrouted-main-table-subnet',
    description: 'A third app subnet has no route-table association, so the VPC’s main table governs it — and it has no route to the endpoint VPC.',
    detectedBy: ['network.app-routes-to-endpoints', 'network.static-path'],
    async apply(clients, estate) {
      const side = estate.apps[0]!;
      const [a, b] = side.cidr.split('.');
      await appClient(clients, estate).send(
        new CreateSubnetCommand({ VpcId: side.vpcId, CidrBlock: `${a}.${b}.32.0/20`, AvailabilityZone: `${estate.shape.appRegion}c` }),
      );
    },
  },
  {
    name: 'specific-route-elsewhere',
    description: 'A more specific route sends 10.1.0.0/26, part of an endpoint subnet, to an internet gateway instead of the peering.',
    detectedBy: ['network.app-routes-to-endpoints', 'network.static-path'],
    async apply(clients, estate) {
      const app = appClient(clients, estate);
      const side = estate.apps[0]!;
      const gateway = await app.send(new CreateInternetGatewayCommand({}));
      const gatewayId = gateway.InternetGateway!.InternetGatewayId!;
      await app.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: side.vpcId }));
      const [a, b] = estate.shape.endpointCidr.split('.');
      await app.send(new CreateRouteCommand({ RouteTableId: side.routeTableIds[0], DestinationCidrBlock: `${a}.${b}.0.0/26`, GatewayId: gatewayId }));
    },
  },
  {
    name: 'routes-to-stale-peering',
    description: 'A second peering between the same VPCs was deleted, but the app route tables still send the endpoint VPC to it.',
    detectedBy: ['network.peering-active', 'network.app-routes-to-endpoints', 'network.static-path'],
    async apply(clients, estate) {
      const app = appClient(clients, estate);
      const side = estate.apps[0]!;
      const second = await app.send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: side.vpcId,
          PeerVpcId: estate.endpointVpcId,
          PeerRegion: estate.shape.endpointRegion,
          PeerOwnerId: estate.shape.endpointAccount,
        }),
      );
      const staleId = second.VpcPeeringConnection!.VpcPeeringConnectionId!;
      await hubClient(clients, estate).send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: staleId }));
      for (const routeTableId of side.routeTableIds) {
        await app.send(
          new ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: estate.shape.endpointCidr, VpcPeeringConnectionId: staleId }),
        );
      }
      await app.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: staleId }));
    },
  },
  {
    name: 'resolver-forward-rule',
    description:
      'A Route 53 Resolver FORWARD rule for amazonaws.com, associated with the app VPC, sends Bedrock lookups to on-premises DNS ahead of the private zones.',
    detectedBy: ['dns.resolver-rules-do-not-shadow', 'dns.private-resolution'],
    async apply(clients, estate) {
      const side = estate.apps[0]!;
      const app = appClient(clients, estate);
      const resolver = clients.route53Resolver(estate.shape.appAccount, estate.shape.appRegion);
      const group = await app.send(
        new CreateSecurityGroupCommand({ VpcId: side.vpcId, GroupName: 'crisp-lab-resolver-outbound', Description: 'Resolver outbound endpoint' }),
      );
      const endpoint = await resolver.send(
        new CreateResolverEndpointCommand({
          CreatorRequestId: 'crisp-lab-outbound',
          Name: 'crisp-lab-outbound',
          Direction: 'OUTBOUND',
          SecurityGroupIds: [group.GroupId!],
          IpAddresses: side.subnetIds.map((subnetId) => ({ SubnetId: subnetId })),
        }),
      );
      const rule = await resolver.send(
        new CreateResolverRuleCommand({
          CreatorRequestId: 'crisp-lab-forward-amazonaws',
          Name: 'forward-amazonaws-to-on-premises',
          RuleType: 'FORWARD',
          DomainName: 'amazonaws.com',
          TargetIps: [{ Ip: '10.99.0.2', Port: 53 }],
          ResolverEndpointId: endpoint.ResolverEndpoint!.Id!,
        }),
      );
      await resolver.send(new AssociateResolverRuleCommand({ ResolverRuleId: rule.ResolverRule!.Id!, VPCId: side.vpcId, Name: 'crisp-lab-app-0' }));
    },
  },
  {
    name: 'endpoint-policy-denies-bedrock',
    description: 'The bedrock-runtime endpoint’s policy denies bedrock:InvokeModel* to everyone.',
    // The governance suite names the endpoint the workload calls through, so its policy joins every IAM verdict too.
    detectedBy: ['network.endpoint-policy-allows-bedrock', 'iam.profile-only-invocation'],
    async apply(clients, estate) {
      const policy = {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AllowAll', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Sid: 'DenyModelInvocation', Effect: 'Deny', Principal: '*', Action: 'bedrock:InvokeModel*', Resource: '*' },
        ],
      };
      await hubClient(clients, estate).send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: estate.apps[0]!.endpointIds[ALIAS_SERVICE], PolicyDocument: JSON.stringify(policy) }),
      );
    },
  },
  {
    name: 'resolver-timeout',
    description: 'The VPC resolver does not answer (a DNS firewall dropping queries, say).',
    detectedBy: ['dns.private-resolution'],
    reportedAs: 'error',
    dataPlane: { resolver: 'silent' },
  },
  {
    name: 'certificate-wrong-name',
    description: 'The bedrock-runtime interfaces present a certificate for another name (an intercepting proxy).',
    detectedBy: ['tls.endpoint-reachability'],
    dataPlane: { endpoint: { service: ALIAS_SERVICE, mode: 'wrong-name' } },
  },
  {
    name: 'certificate-expired',
    description: 'The bedrock-runtime interfaces present an expired certificate.',
    detectedBy: ['tls.endpoint-reachability'],
    dataPlane: { endpoint: { service: ALIAS_SERVICE, mode: 'expired' } },
  },
  {
    name: 'tls10-only',
    description: 'The bedrock-runtime interfaces speak only TLS 1.0.',
    detectedBy: ['tls.endpoint-reachability'],
    dataPlane: { endpoint: { service: ALIAS_SERVICE, mode: 'tls10-only' } },
  },
  {
    name: 'port-closed',
    description: 'Nothing accepts connections on 443 at the bedrock-runtime interfaces.',
    detectedBy: ['tls.endpoint-reachability'],
    dataPlane: { endpoint: { service: ALIAS_SERVICE, mode: 'port-closed' } },
  },
];

/** Rewrites one statement (by Sid) of the role's CRIS policy. */
function withStatement(sid: string, change: (statement: Statement) => Statement | undefined): (shape: GovernanceShape) => GovernanceShape {
  return (shape) => ({
    ...shape,
    rolePolicy: (arns) => {
      const policy = shape.rolePolicy(arns);
      const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).flatMap((statement) =>
        statement.Sid === sid ? (change(statement) ?? []) : [statement],
      );
      return { ...policy, Statement: statements };
    },
  });
}

const GOVERNANCE_FAULTS: LabFault[] = [
  {
    name: 'cris-condition-missing',
    description:
      'The destination-model statement lacks the bedrock:InferenceProfileArn condition and the direct-call deny is gone: direct model calls are allowed.',
    detectedBy: ['iam.profile-only-invocation'],
    governance: (shape) =>
      withStatement(
        'DenyDirectModelCalls',
        () => undefined,
      )(withStatement('AllowAuDestinationsViaProfile', ({ Condition: _dropped, ...statement }) => statement)(shape)),
  },
  {
    name: 'cris-key-misspelled',
    description: 'The condition key is misspelled aws:InferenceProfileArn (as on one AWS page): the allow never matches and the deny always does.',
    detectedBy: ['iam.profile-only-invocation'],
    governance: (shape) => ({
      ...shape,
      rolePolicy: (arns) =>
        JSON.parse(JSON.stringify(shape.rolePolicy(arns)).replaceAll('bedrock:InferenceProfileArn', 'aws:InferenceProfileArn')) as PolicyDocument,
    }),
  },
  {
    name: 'cris-wildcard-other-accounts',
    description: 'A StringLike wildcard on the profile ARN also matches other accounts’ AU profiles.',
    detectedBy: ['iam.profile-only-invocation'],
    governance: withStatement('AllowAuDestinationsViaProfile', (statement) => ({
      ...statement,
      Condition: { StringLike: { 'bedrock:InferenceProfileArn': 'arn:aws:bedrock:*:*:inference-profile/au.*' } },
    })),
  },
  {
    name: 'cris-model-any-region',
    description: 'The destination-model statement allows foundation models in any Region (and the Region-less ARN).',
    detectedBy: ['iam.profile-only-invocation'],
    governance: withStatement('AllowAuDestinationsViaProfile', (statement) => ({ ...statement, Resource: 'arn:aws:bedrock:*::foundation-model/*' })),
  },
  {
    name: 'scp-missing-ap-southeast-4',
    description: 'The Region allow-list SCP omits ap-southeast-4 (Melbourne), a destination of the AU profile.',
    detectedBy: ['organizations.scp-region-coverage', 'iam.profile-only-invocation'],
    governance: (shape) => ({ ...shape, allowedRegions: shape.allowedRegions.filter((region) => region !== 'ap-southeast-4') }),
  },
  {
    name: 'scp-denies-unspecified',
    description:
      'The global profile is opted in (IAM allows it, the suites list it) while the Region allow-list SCP lacks the Region `unspecified`; a global profile under AU residency is itself a residency breach.',
    detectedBy: ['organizations.scp-region-coverage', 'iam.profile-only-invocation', 'residency.profile-destinations'],
    governance: (shape) => ({ ...shape, sanctionGlobal: true, allowedRegions: shape.allowedRegions.filter((region) => region !== 'unspecified') }),
  },
  {
    name: 'full-aws-access-detached',
    description: 'FullAWSAccess is detached from the bedrock-apps OU with nothing in its place.',
    detectedBy: ['organizations.scp-region-coverage', 'iam.profile-only-invocation'],
    async applyGovernance(clients, governance) {
      await clients
        .organizations(governance.managementAccount, 'ap-southeast-6')
        .send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: governance.appsOu }));
    },
  },
  {
    name: 'role-tagged-restricted',
    description:
      'The app role is tagged data-class=restricted, and an SCP denies Bedrock in ap-southeast-4 (a destination of the AU profile) to such principals.',
    detectedBy: ['organizations.scp-region-coverage', 'iam.profile-only-invocation'],
    governance: (shape) => ({ ...shape, roleTags: { ...shape.roleTags, 'data-class': 'restricted' } }),
  },
  {
    name: 'scp-denies-app-roles',
    description: 'An SCP denies Bedrock in ap-southeast-4 to every role matching arn:aws:iam::*:role/bedrock-* by aws:PrincipalArn.',
    detectedBy: ['organizations.scp-region-coverage', 'iam.profile-only-invocation'],
    governance: (shape) => ({
      ...shape,
      extraScps: [
        ...shape.extraScps,
        {
          name: 'no-bedrock-roles-in-melbourne',
          document: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyBedrockRolesInMelbourne',
                Effect: 'Deny',
                Action: 'bedrock:*',
                Resource: '*',
                Condition: { StringEquals: { 'aws:RequestedRegion': 'ap-southeast-4' }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/bedrock-*' } },
              },
            ],
          },
        },
      ],
    }),
  },
  {
    name: 'boundary-without-bedrock',
    description: 'The role’s permission boundary allows logging and S3 but no Bedrock action.',
    detectedBy: ['iam.profile-only-invocation'],
    governance: (shape) => ({
      ...shape,
      boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:*', 's3:GetObject'], Resource: '*' }] },
    }),
  },
];

const RESIDENCY_FAULTS: LabFault[] = [
  {
    name: 'trail-stopped',
    description: 'The multi-Region trail homed in the source Region is not logging (StopLogging, or never started).',
    detectedBy: ['residency.cloudtrail-records-bedrock'],
    residency: (shape) => ({ ...shape, trail: { ...shape.trail, logging: false } }),
  },
  {
    name: 'trail-without-management-events',
    description: 'The trail’s event selector records no management events, so Bedrock invocations are not recorded.',
    detectedBy: ['residency.cloudtrail-records-bedrock'],
    residency: (shape) => ({ ...shape, trail: { ...shape.trail, includeManagementEvents: false } }),
  },
  {
    name: 'invocation-logging-off',
    description: 'Model invocation logging is not configured in the source Region.',
    detectedBy: ['residency.invocation-logging'],
    residency: (shape) => ({ ...shape, invocationLogging: { ...shape.invocationLogging, enabled: false } }),
  },
  {
    name: 'log-retention-too-short',
    description: 'The invocation log group keeps 90 days, less than the required 365.',
    detectedBy: ['residency.invocation-logging'],
    residency: (shape) => ({ ...shape, invocationLogging: { ...shape.invocationLogging, retentionDays: 90 } }),
  },
  {
    name: 'inference-in-us-east-1',
    description: 'One of the workload’s calls is recorded by CloudTrail as processed in us-east-1.',
    detectedBy: ['residency.inference-regions'],
    residency: (shape) => ({ ...shape, workload: { ...shape.workload, strayInference: { call: 3, region: 'us-east-1' } } }),
  },
  {
    name: 'global-profile-under-au-residency',
    description: 'The workload calls the global profile (IAM and the suites sanction it) while residency is Australia and New Zealand.',
    detectedBy: ['residency.profile-destinations', 'residency.inference-regions'],
    governance: (shape) => ({ ...shape, sanctionGlobal: true }),
    residency: (shape) => ({ ...shape, workload: { ...shape.workload, profile: 'global' } }),
  },
  {
    name: 'iam-sanctions-auckland-profile',
    description:
      'IAM sanctions the Auckland inference-profile ARN while the private path goes to Sydney’s endpoint (the Auckland-direct design’s policy on the peered estate).',
    detectedBy: ['coherence.source-region', 'iam.profile-only-invocation'],
    governance: (shape) => ({ ...shape, sanctionedRegion: 'ap-southeast-6' }),
  },
];

const PROXY_FAULTS: LabFault[] = [
  {
    name: 'proxy-method-without-auth',
    description: 'The proxy’s POST method takes requests without an API key (authorizationType NONE, apiKeyRequired false).',
    detectedBy: ['proxy.api-requires-auth', 'proxy.live-rejects-unauthenticated'],
    govcloud: (shape) => ({ ...shape, methodAuth: 'none' }),
  },
  {
    name: 'proxy-accepts-tls10',
    description: 'The proxy accepts TLS 1.0 handshakes, and its custom domain’s security policy is TLS_1_0.',
    detectedBy: ['proxy.live-tls', 'proxy.api-custom-domain-tls'],
    govcloud: (shape) => ({ ...shape, domainSecurityPolicy: 'TLS_1_0' }),
    proxy: { tlsMinVersion: 'TLSv1' },
  },
  {
    name: 'proxy-audit-dropped',
    description: 'The proxy answers invokes but never writes their audit items.',
    detectedBy: ['proxy.live-invoke-audited'],
    proxy: { dropAudit: true },
  },
  {
    name: 'secret-aws-managed-key',
    description: 'The commercial credential’s secret is encrypted with the AWS-managed aws/secretsmanager key.',
    detectedBy: ['proxy.secret-protected'],
    govcloud: (shape) => ({ ...shape, secretKey: 'aws-managed' }),
  },
  {
    name: 'credential-in-lambda-environment',
    description: 'A copy of the commercial access key sits in the proxy function’s environment variables.',
    detectedBy: ['proxy.lambda-no-credentials'],
    govcloud: (shape) => ({ ...shape, lambdaEnvironmentCredential: true }),
  },
  {
    name: 'commercial-credential-too-old',
    description: 'The commercial Bedrock API key the proxy holds was made 120 days ago (the limit is 30).',
    detectedBy: ['proxy.commercial-credential'],
    govcloud: (shape) => ({ ...shape, credentialAgeDays: 120 }),
  },
  {
    name: 'role-secrets-wildcard',
    description: 'The proxy function’s role may do secretsmanager:* on * instead of reading its one secret.',
    detectedBy: ['proxy.lambda-role-least-privilege'],
    govcloud: (shape) => ({ ...shape, roleSecretsWildcard: true }),
  },
  {
    name: 'audit-table-pitr-off',
    description: 'Point-in-time recovery is off on the audit table.',
    detectedBy: ['proxy.audit-table-protected'],
    govcloud: (shape) => ({ ...shape, pointInTimeRecovery: false }),
  },
];

/** Every named fault: network and data plane first, then governance, residency and the GovCloud proxy. */
export const LAB_FAULTS: readonly LabFault[] = [...NETWORK_FAULTS, ...GOVERNANCE_FAULTS, ...RESIDENCY_FAULTS, ...PROXY_FAULTS];

/** Looks a fault up by name. */
export function findFault(name: string): LabFault | undefined {
  return LAB_FAULTS.find((fault) => fault.name === name);
}
