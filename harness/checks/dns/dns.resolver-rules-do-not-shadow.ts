import type { FindingDraft } from '../../model/findings.ts';
import { defineCheck } from '../define.ts';
import { dnsScopeSchema } from '../network/scope.ts';
import { serviceHostnames } from '../network/zones.ts';
import { profileAssociationsRequest, ruleAssociationsRequest, ruleRequests, rulesInForce, rulesRequest, winningRule } from './resolver-rules.ts';

export default defineCheck({
  id: 'dns.resolver-rules-do-not-shadow',
  title: 'No Route 53 Resolver forwarding rule in force for the app VPC takes a Bedrock hostname away from its private zone',
  severity: 'critical',
  rationale:
    'Resolver FORWARD rules take precedence over private hosted zones for their domain: a rule for amazonaws.com (or the Region’s subdomain, or the hostname itself) associated with the app VPC — directly, shared through RAM, or delivered by a Route 53 Profile — sends Bedrock lookups to other DNS servers, which answer with public IPs or nothing; the most specific rule wins, and a SYSTEM rule restores Route 53 resolution for its domain (Route 53 Developer Guide, “Forwarding outbound DNS queries to your network” and “How Resolver rules are applied”).',
  remediation:
    'Add a SYSTEM rule for each Bedrock hostname (aws route53resolver create-resolver-rule --rule-type SYSTEM --domain-name <service>.<region>.amazonaws.com, then associate it with the app VPC), or narrow the forwarding rule’s domain so it no longer encloses the hostnames.',
  params: dnsScopeSchema,
  needs: (scope) => [rulesRequest(scope.app.account, scope.app.region), ruleAssociationsRequest(scope), profileAssociationsRequest(scope)],
  probes: ruleRequests,
  evaluate(observations, scope) {
    const { rules, gaps } = rulesInForce(scope, observations);
    const blocking = gaps.filter((gap) => gap.status === 'error');
    const notes = gaps.filter((gap) => gap.status === 'skipped').map((gap) => gap.reason);
    return serviceHostnames(scope).map((hostname): FindingDraft => {
      const resource = { type: 'crisp::DnsName', id: hostname, account: scope.app.account, region: scope.app.region };
      const winner = winningRule(rules, hostname);
      const evidence = {
        rulesInForce: rules.map((entry) => ({ ...entry.rule, via: entry.via, ...(entry.profileId ? { profileId: entry.profileId } : {}) })),
        gaps,
      };
      const describe = (entry: NonNullable<typeof winner>) =>
        `Resolver rule ${entry.rule.id}${entry.rule.name ? ` (${entry.rule.name})` : ''} for ${entry.rule.domainName}${entry.via === 'profile' ? `, delivered by Route 53 Profile ${entry.profileId}` : ''}${entry.rule.shareStatus === 'SHARED_WITH_ME' ? `, shared by ${entry.rule.ownerId}` : ''}`;
      if (winner?.rule.ruleType === 'FORWARD') {
        return {
          status: 'fail',
          resource,
          message: `${describe(winner)} forwards ${hostname} to ${winner.rule.targetIps.join(', ') || 'its targets'}, ahead of the private zone: the app VPC resolves it elsewhere; add a SYSTEM rule for ${hostname} or narrow the rule.`,
          expected: 'no FORWARD rule wins for the hostname',
          actual: { rule: winner.rule.id, domain: winner.rule.domainName, type: winner.rule.ruleType, targets: winner.rule.targetIps },
          evidence,
        };
      }
      if (blocking.length > 0) {
        // A rule crisp cannot read may be the one that forwards this name.
        return {
          status: 'error',
          resource,
          message: `Cannot judge the Resolver rules for ${hostname}: ${blocking.map((gap) => gap.reason).join('; ')}.`,
          evidence,
        };
      }
      const decided = winner
        ? `${describe(winner)} (${winner.rule.ruleType}) keeps it with Route 53, so the private zone answers`
        : 'no Resolver rule in force covers it, so the private zone answers';
      return {
        status: 'pass',
        resource,
        message: `${hostname}: ${decided}.${notes.length > 0 ? ` Note: ${notes.join('; ')}.` : ''}`,
        evidence,
      };
    });
  },
});
