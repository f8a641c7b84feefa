/**
 * The AWS API shapes crisp reads, as the SDK types them. Type-only re-exports:
 * checks and the pure libraries take their shapes from here and never import an
 * SDK package themselves (the architecture test enforces it).
 */
export type {
  IpPermission,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  TransitGatewayRoute,
  UserIdGroupPair,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
export type { HostedZone, ResourceRecordSet } from '@aws-sdk/client-route-53';
