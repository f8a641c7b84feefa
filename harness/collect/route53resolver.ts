/**
 * Route 53 Resolver collector: the rules an account sees in a Region (its own and,
 * on AWS, those shared with it through RAM) and their VPC associations, one
 * paginated listing each per (account, Region).
 */
import { paginateListResolverRuleAssociations, paginateListResolverRules } from '@aws-sdk/client-route53resolver';
import type { ObservationCatalog, ObservationRequest } from '../model/observations.ts';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';

type ResolverKind = Extract<keyof ObservationCatalog, `route53resolver.${string}`>;

/** Collects one Route 53 Resolver observation. */
export async function collectRoute53Resolver<K extends ResolverKind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const client = context.clients.route53Resolver(request.account, request.region);
  if (request.kind === 'route53resolver.rules') {
    const rules = await drain(paginateListResolverRules({ client }, {}), (page) => page.ResolverRules);
    return rules.map((rule) => ({
      id: rule.Id ?? '',
      ...(rule.Name ? { name: rule.Name } : {}),
      domainName: (rule.DomainName ?? '').replace(/(.)\.$/, '$1'),
      ruleType: rule.RuleType ?? 'unknown',
      ...(rule.OwnerId ? { ownerId: rule.OwnerId } : {}),
      ...(rule.ShareStatus ? { shareStatus: rule.ShareStatus } : {}),
      targetIps: (rule.TargetIps ?? []).map((target) => `${target.Ip ?? target.Ipv6 ?? '?'}:${target.Port ?? 53}`),
    })) as ObservationCatalog[K];
  }
  const associations = await drain(paginateListResolverRuleAssociations({ client }, {}), (page) => page.ResolverRuleAssociations);
  return associations.map((association) => ({
    id: association.Id ?? '',
    resolverRuleId: association.ResolverRuleId ?? '',
    vpcId: association.VPCId ?? '',
    ...(association.Status ? { status: association.Status } : {}),
  })) as ObservationCatalog[K];
}
