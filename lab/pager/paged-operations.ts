/**
 * The listings the pager forces into small pages, and how for each: moto honours the
 * page size of some (the pager only lowers it) and ignores it in others (the pager
 * takes the whole answer once and hands it out in pages itself). The table names the
 * listings crisp's collectors page through; everything else passes unchanged.
 * Which operations honour the size was read from moto 5.2.1's behaviour
 * (docs/ARCHITECTURE.md, emulator quirks).
 */
import { EC2_LISTING, IAM_LISTING, ROUTE53_BY_VPC_LISTING, type XmlListing } from './xml-pages.ts';

/** moto honours the size parameter: lower it (in the form body, the query string or the JSON body). */
export interface ClampedListing {
  how: 'clamp';
  where: 'form' | 'query' | 'json';
  sizeParam: string;
}

/** moto ignores the size parameter: page the whole answer under the pager's own tokens. */
export interface SlicedListing {
  how: 'slice';
  where: 'form' | 'query';
  tokenParam: string;
  sizeParam: string;
  /** Request parameters that name resources one by one; AWS does not page such requests, so neither does the pager. */
  explicitIds?: RegExp;
  listing: XmlListing;
}

export type PagedListing = ClampedListing | SlicedListing;

const ec2: SlicedListing = { how: 'slice', where: 'form', tokenParam: 'NextToken', sizeParam: 'MaxResults', explicitIds: /Ids?\.\d+$/, listing: EC2_LISTING };
const iam: SlicedListing = { how: 'slice', where: 'form', tokenParam: 'Marker', sizeParam: 'MaxItems', listing: IAM_LISTING };

/** By `service:Operation` (query and JSON protocols) or `service METHOD /path` (REST). */
const LISTINGS: Record<string, PagedListing> = {
  'ec2:DescribeVpcs': ec2,
  'ec2:DescribeSubnets': ec2,
  'ec2:DescribeRouteTables': ec2,
  'ec2:DescribeNetworkAcls': ec2,
  'ec2:DescribeVpcPeeringConnections': ec2,
  'ec2:DescribeVpcEndpoints': ec2,
  'ec2:DescribeSecurityGroups': ec2,
  'ec2:DescribeNetworkInterfaces': ec2,
  'ec2:DescribeTransitGatewayAttachments': ec2,
  'ec2:DescribeTransitGatewayPeeringAttachments': ec2,
  'ec2:GetManagedPrefixListEntries': ec2,
  'iam:GetAccountAuthorizationDetails': iam,
  'iam:ListUsers': iam,
  'route53 GET /2013-04-01/hostedzone': { how: 'clamp', where: 'query', sizeParam: 'maxitems' },
  'route53 GET /2013-04-01/hostedzonesbyvpc': {
    how: 'slice',
    where: 'query',
    tokenParam: 'nexttoken',
    sizeParam: 'maxitems',
    listing: ROUTE53_BY_VPC_LISTING,
  },
  'organizations:ListPoliciesForTarget': { how: 'clamp', where: 'json', sizeParam: 'MaxResults' },
  'organizations:ListAccounts': { how: 'clamp', where: 'json', sizeParam: 'MaxResults' },
  'organizations:ListParents': { how: 'clamp', where: 'json', sizeParam: 'MaxResults' },
  'route53resolver:ListResolverRules': { how: 'clamp', where: 'json', sizeParam: 'MaxResults' },
  'route53resolver:ListResolverRuleAssociations': { how: 'clamp', where: 'json', sizeParam: 'MaxResults' },
};

/** Route 53 record listings: `/2013-04-01/hostedzone/<id>/rrset` honours `maxitems`. */
const RECORDS = /^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/;

/** How the pager pages a call, or undefined when it passes unchanged. */
export function pagedListing(call: { service?: string; operation?: string; method: string; path: string }): PagedListing | undefined {
  if (call.operation) return LISTINGS[`${call.service}:${call.operation}`];
  if (call.service === 'route53' && call.method === 'GET' && RECORDS.test(call.path)) return { how: 'clamp', where: 'query', sizeParam: 'maxitems' };
  return LISTINGS[`${call.service} ${call.method} ${call.path.replace(/\/$/, '')}`];
}

/** The operations the pager pages, for documentation and tests. */
export const PAGED_OPERATIONS: readonly string[] = [...Object.keys(LISTINGS), 'route53 GET /2013-04-01/hostedzone/{Id}/rrset'];
