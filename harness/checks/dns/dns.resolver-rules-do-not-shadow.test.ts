/** Table test: Resolver rules in force for the app VPC — the most specific wins; FORWARD shadows the private zone, SYSTEM restores it. */
import { describe, expect, test } from 'vitest';
import { APP, cleanEstate, denied, judge, NETWORK_PARAMS, observationsOf, statuses } from '../../../test/support/estate-fixture.ts';
import type { ObservationOutcome, ResolverRule } from '../../model/observations.ts';
import check from './dns.resolver-rules-do-not-shadow.ts';

const forward = (id: string, domainName: string): ResolverRule => ({ id, name: id, domainName, ruleType: 'FORWARD', targetIps: ['10.99.0.2:53'] });
const system = (id: string, domainName: string): ResolverRule => ({ id, name: id, domainName, ruleType: 'SYSTEM', targetIps: [] });

function withRules(...rules: ResolverRule[]) {
  const data = cleanEstate();
  data.resolverRules = rules;
  data.ruleAssociations = rules.map((rule) => ({ id: `rslvr-rrassoc-${rule.id}`, resolverRuleId: rule.id, vpcId: APP.vpcId, status: 'COMPLETE' }));
  return data;
}
const run = (data = cleanEstate(), overrides: Parameters<typeof observationsOf>[1] = []) => judge(check, NETWORK_PARAMS, observationsOf(data, overrides));
const profilesRequest = { kind: 'route53profiles.vpcAssociations' as const, account: APP.account, region: APP.region, args: { vpcId: APP.vpcId } };

describe(check.id, () => {
  test('clean: no rules', () => {
    expect(statuses(run())).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('fault: a FORWARD rule for amazonaws.com shadows every hostname, naming rule, domain and targets', () => {
    const findings = run(withRules(forward('rslvr-rr-onprem', 'amazonaws.com')));
    expect(statuses(findings)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(findings[0]!.message).toContain(
      'Resolver rule rslvr-rr-onprem (rslvr-rr-onprem) for amazonaws.com forwards bedrock.ap-southeast-2.amazonaws.com to 10.99.0.2:53',
    );
  });

  test('fault: a rule for exactly one hostname shadows only that one', () => {
    expect(statuses(run(withRules(forward('rslvr-rr-rt', 'bedrock-runtime.ap-southeast-2.amazonaws.com'))))).toEqual(['pass', 'fail', 'pass', 'pass']);
  });

  test('clean: a more specific SYSTEM rule restores Route 53 for the Region under a broad FORWARD rule', () => {
    const findings = run(withRules(forward('rslvr-rr-onprem', 'amazonaws.com'), system('rslvr-rr-sys', 'ap-southeast-2.amazonaws.com')));
    expect(statuses(findings)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(findings[0]!.message).toContain('(SYSTEM) keeps it with Route 53');
  });

  test('fault: a FORWARD rule more specific than the SYSTEM rule wins', () => {
    const findings = run(withRules(system('rslvr-rr-sys', 'amazonaws.com'), forward('rslvr-rr-fwd', 'ap-southeast-2.amazonaws.com')));
    expect(statuses(findings)).toEqual(['fail', 'fail', 'fail', 'fail']);
  });

  test('clean: a rule for an unrelated domain, or one associated with another VPC, does not matter', () => {
    const data = withRules(forward('rslvr-rr-corp', 'corp.example.com'), forward('rslvr-rr-elsewhere', 'amazonaws.com'));
    data.ruleAssociations[1]!.vpcId = 'vpc-0other';
    expect(statuses(run(data))).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  test('clean: on a target without Route 53 Profiles the part is skipped and the finding says so', () => {
    const skipped: ObservationOutcome = {
      ok: false,
      failure: { status: 'skipped', reason: 'target lacks route53profiles:ListProfileAssociations (moto does not implement it)' },
    };
    const [finding] = run(cleanEstate(), [[profilesRequest, skipped]]);
    expect(finding).toMatchObject({ status: 'pass', message: expect.stringContaining('Note: Route 53 Profiles were not read: target lacks') });
  });

  test('error: on AWS, Profiles crisp cannot read leave the verdict open', () => {
    const findings = run(cleanEstate(), [denied(profilesRequest, 'route53profiles:ListProfileAssociations')]);
    expect(statuses(findings)).toEqual(['error', 'error', 'error', 'error']);
  });

  test('fault: a FORWARD rule delivered by a Route 53 Profile', () => {
    const rule = forward('rslvr-rr-profile', 'amazonaws.com');
    const data = cleanEstate();
    data.resolverRules = [rule];
    const observations = observationsOf(data);
    observations.set(profilesRequest, { ok: true, data: [{ id: 'rpassoc-1', profileId: 'rp-1', vpcId: APP.vpcId, status: 'COMPLETE' }] });
    observations.set(
      { kind: 'route53profiles.resources', account: APP.account, region: APP.region, args: { profileId: 'rp-1' } },
      {
        ok: true,
        data: [
          {
            profileId: 'rp-1',
            resourceArn: `arn:aws:route53resolver:${APP.region}:${APP.account}:resolver-rule/rslvr-rr-profile`,
            resourceType: 'RESOLVER_RULE',
            status: 'COMPLETE',
          },
        ],
      },
    );
    const [finding] = judge(check, NETWORK_PARAMS, observations);
    expect(finding).toMatchObject({ status: 'fail', message: expect.stringContaining('delivered by Route 53 Profile rp-1') });
  });

  test('error: the rules could not be listed', () => {
    const findings = run(cleanEstate(), [
      denied({ kind: 'route53resolver.rules', account: APP.account, region: APP.region }, 'route53resolver:ListResolverRules'),
    ]);
    expect(findings).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('route53resolver:ListResolverRules') })]);
  });
});
