import { describe, expect, test } from 'vitest';
import { answerQuestion, publicBedrockAnswers, type ResolverView } from './resolver-view.ts';

const HOST = 'bedrock-runtime.ap-southeast-2.amazonaws.com';

function view(zones: ResolverView['zones']): ResolverView {
  return {
    zones,
    aliasTargets: new Map([['vpce-1-abc.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com', ['10.1.0.10', '10.1.16.10']]]),
    publicAnswers: publicBedrockAnswers('ap-southeast-2', ['bedrock', 'bedrock-runtime']),
  };
}

const apexAlias = {
  Name: `${HOST}.`,
  Type: 'A' as const,
  AliasTarget: { DNSName: 'vpce-1-abc.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com.', HostedZoneId: 'Z', EvaluateTargetHealth: false },
};

describe('the lab resolver answers as Route 53 Resolver does', () => {
  test('an alias in the per-hostname private zone yields the endpoint interface IPs', () => {
    expect(answerQuestion(view([{ name: `${HOST}.`, records: [apexAlias] }]), HOST, 'A')).toEqual({
      rcode: 'NOERROR',
      answers: [
        { type: 'A', data: '10.1.0.10', ttl: 60 },
        { type: 'A', data: '10.1.16.10', ttl: 60 },
      ],
    });
  });

  test('the name exists without the type: an empty NOERROR, not a public fall-back', () => {
    expect(answerQuestion(view([{ name: `${HOST}.`, records: [apexAlias] }]), HOST, 'AAAA')).toEqual({ rcode: 'NOERROR', answers: [] });
  });

  test('the most specific zone wins; a broader zone without the name gives NXDOMAIN', () => {
    const broad = {
      name: 'ap-southeast-2.amazonaws.com.',
      records: [{ Name: 'ap-southeast-2.amazonaws.com.', Type: 'SOA' as const, ResourceRecords: [{ Value: 'x' }] }],
    };
    expect(answerQuestion(view([broad]), HOST, 'A')).toEqual({ rcode: 'NXDOMAIN', answers: [] });
    expect(answerQuestion(view([broad, { name: `${HOST}.`, records: [apexAlias] }]), HOST, 'A').answers).toHaveLength(2);
  });

  test('no private zone: the public answer; an unknown name: NXDOMAIN', () => {
    expect(answerQuestion(view([]), HOST, 'A')).toEqual({ rcode: 'NOERROR', answers: [{ type: 'A', data: '203.0.113.11', ttl: 60 }] });
    expect(answerQuestion(view([]), 'nothing.example', 'A').rcode).toBe('NXDOMAIN');
  });

  test('an alias to something unknown is SERVFAIL', () => {
    const dangling = { ...apexAlias, AliasTarget: { ...apexAlias.AliasTarget, DNSName: 'vpce-gone.example.' } };
    expect(answerQuestion(view([{ name: `${HOST}.`, records: [dangling] }]), HOST, 'A').rcode).toBe('SERVFAIL');
  });
});
