/**
 * Clean shapes the reference estate can take, as real estates are built: each
 * changes how the estate is wired without breaking it, so every check must still
 * pass (the detection matrix asserts it). Select them with `shapes: [...]` in a
 * lab target; they combine with each other and with a fault.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../harness/estate/clients.ts';
import type { Estate, EstateShape } from './estate.ts';
import type { GovernanceShape } from './governance.ts';
import type { PolicyDocument, Statement } from '../harness/policy/types.ts';

/** A clean variant: a shape change before provisioning and/or a patch after. */
export interface LabVariant {
  name: string;
  description: string;
  shape?: (shape: EstateShape) => EstateShape;
  apply?: (clients: AwsClients, estate: Estate) => Promise<void>;
  /** Changes how the governance estate is built. */
  governance?: (shape: GovernanceShape) => GovernanceShape;
}

const hub = (clients: AwsClients, estate: Estate) => clients.ec2(estate.shape.endpointAccount, estate.shape.endpointRegion);
const appSide = (clients: AwsClients, estate: Estate) => clients.ec2(estate.shape.appAccount, estate.shape.appRegion);

/** The main route table of a VPC. */
async function mainTable(ec2: EC2Client, vpcId: string): Promise<string> {
  const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  const main = tables.RouteTables?.find((table) => table.VpcId === vpcId && table.Associations?.some((association) => association.Main));
  if (!main?.RouteTableId) throw new Error(`lab: VPC ${vpcId} has no main route table`);
  return main.RouteTableId;
}

/** A custom network ACL with the given entries, replacing the association of each subnet. */
async function customNacl(
  ec2: EC2Client,
  vpcId: string,
  subnetIds: readonly string[],
  entries: { rule: number; egress: boolean; action: 'allow' | 'deny'; cidr: string; from?: number; to?: number; protocol?: string }[],
): Promise<void> {
  const acl = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
  const aclId = acl.NetworkAcl!.NetworkAclId!;
  for (const entry of entries) {
    await ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: aclId,
        RuleNumber: entry.rule,
        Egress: entry.egress,
        RuleAction: entry.action,
        CidrBlock: entry.cidr,
        Protocol: entry.protocol ?? '6',
        ...(entry.from !== undefined ? { PortRange: { From: entry.from, To: entry.to ?? entry.from } } : {}),
      }),
    );
  }
  const acls = await ec2.send(new DescribeNetworkAclsCommand({}));
  for (const subnetId of subnetIds) {
    const association = acls.NetworkAcls?.flatMap((candidate) => candidate.Associations ?? []).find((entry) => entry.SubnetId === subnetId);
    if (association?.NetworkAclAssociationId) {
      await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association.NetworkAclAssociationId, NetworkAclId: aclId }));
    }
  }
}

/** The role's CRIS policy split in two: the direct-call Deny moves to a customer-managed policy attached to the role. */
function managedDirectCallDeny(shape: GovernanceShape): GovernanceShape {
  const statementsOf = (document: PolicyDocument): Statement[] => [document.Statement].flat();
  const isDeny = (statement: Statement) => statement.Sid === 'DenyDirectModelCalls';
  return {
    ...shape,
    rolePolicy: (arns) => {
      const document = shape.rolePolicy(arns);
      return { ...document, Statement: statementsOf(document).filter((statement) => !isDeny(statement)) };
    },
    managedPolicies: [
      ...shape.managedPolicies,
      {
        name: 'deny-direct-model-calls',
        document: (arns) => {
          const document = shape.rolePolicy(arns);
          return { Version: '2012-10-17', Statement: statementsOf(document).filter(isDeny) };
        },
      },
    ],
  };
}

export const LAB_VARIANTS: readonly LabVariant[] = [
  {
    name: 'managed-direct-call-deny',
    description: 'The app role’s direct-model-call Deny sits in a customer-managed policy attached to it, not in its inline CRIS policy.',
    governance: managedDirectCallDeny,
  },
  {
    name: 'main-table-subnets',
    description: 'The app subnets use the VPC’s main route table (no explicit associations), which routes to the endpoint VPC; a third subnet joins them.',
    async apply(clients, estate) {
      const app = appSide(clients, estate);
      for (const side of estate.apps) {
        const tables = await app.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [side.vpcId] }] }));
        for (const association of (tables.RouteTables ?? []).flatMap((table) => table.Associations ?? [])) {
          if (!association.Main && association.RouteTableAssociationId)
            await app.send(new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId }));
        }
        const main = await mainTable(app, side.vpcId);
        await app.send(new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: estate.shape.endpointCidr, VpcPeeringConnectionId: side.peeringId }));
        const [a, b] = side.cidr.split('.');
        await app.send(new CreateSubnetCommand({ VpcId: side.vpcId, CidrBlock: `${a}.${b}.32.0/20`, AvailabilityZone: `${estate.shape.appRegion}c` }));
      }
    },
  },
  {
    name: 'specific-routes-same-peering',
    description: 'Besides the VPC-wide route, the app route tables carry more specific routes (per endpoint subnet, and a /26) through the same peering.',
    async apply(clients, estate) {
      const app = appSide(clients, estate);
      const [a, b] = estate.shape.endpointCidr.split('.');
      for (const side of estate.apps) {
        for (const routeTableId of side.routeTableIds) {
          for (const cidr of [`${a}.${b}.0.0/20`, `${a}.${b}.16.0/20`, `${a}.${b}.0.64/26`]) {
            await app.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: cidr, VpcPeeringConnectionId: side.peeringId }));
          }
        }
      }
    },
  },
  {
    name: 'endpoint-account-zones',
    description: 'The per-service private zones are owned by the endpoint account (a DNS hub) and associated with the app VPC across accounts.',
    shape: (shape) => ({ ...shape, zoneOwner: 'endpoint' }),
  },
  {
    name: 'prefix-list-sg',
    description: 'The endpoint security group admits 443 from a customer-managed prefix list holding the app CIDRs instead of CIDR rules.',
    async apply(clients, estate) {
      const ec2 = hub(clients, estate);
      const list = await ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'crisp-lab-app-vpcs',
          AddressFamily: 'IPv4',
          MaxEntries: Math.max(5, estate.apps.length),
          Entries: estate.apps.map((side, index) => ({ Cidr: side.cidr, Description: `crisp-lab-app-${index}` })),
        }),
      );
      const prefixListId = list.PrefixList!.PrefixListId!;
      for (const side of estate.apps) {
        await ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: estate.endpointSecurityGroupId,
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: side.cidr }] }],
          }),
        );
      }
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: estate.endpointSecurityGroupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: prefixListId, Description: 'HTTPS from the app VPCs' }] },
          ],
        }),
      );
    },
  },
  {
    name: 'custom-nacls',
    description: 'Both sides use custom network ACLs with several numbered rules per direction, a deny for other traffic ahead of each allow.',
    async apply(clients, estate) {
      const endpointCidr = estate.shape.endpointCidr;
      for (const side of estate.apps) {
        await customNacl(appSide(clients, estate), side.vpcId, side.subnetIds, [
          { rule: 90, egress: true, action: 'deny', cidr: '0.0.0.0/0', from: 22 },
          { rule: 100, egress: true, action: 'allow', cidr: endpointCidr, from: 443 },
          { rule: 90, egress: false, action: 'deny', cidr: '192.0.2.0/24', protocol: '-1' },
          { rule: 100, egress: false, action: 'allow', cidr: endpointCidr, from: 1024, to: 65535 },
        ]);
      }
      await customNacl(hub(clients, estate), estate.endpointVpcId, estate.endpointSubnetIds, [
        { rule: 90, egress: false, action: 'deny', cidr: '198.51.100.0/24', from: 443 },
        ...estate.apps.flatMap((side, index) => [
          { rule: 100 + index, egress: false, action: 'allow' as const, cidr: side.cidr, from: 443 },
          { rule: 100 + index, egress: true, action: 'allow' as const, cidr: side.cidr, from: 1024, to: 65535 },
        ]),
        { rule: 90, egress: true, action: 'deny', cidr: '0.0.0.0/0', from: 25 },
      ]);
    },
  },
];

/** Looks a variant up by name. */
export function findVariant(name: string): LabVariant | undefined {
  return LAB_VARIANTS.find((variant) => variant.name === name);
}
