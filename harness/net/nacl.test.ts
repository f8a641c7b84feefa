import type { NetworkAclEntry } from '../model/aws-shapes.ts';
import { describe, expect, test } from 'vitest';
import { evaluateNacl } from './nacl.ts';

const allowAll: NetworkAclEntry[] = [
  { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
];
const https = { egress: false, fromPort: 443, toPort: 443, cidr: '10.0.0.0/16' };

describe('evaluateNacl', () => {
  test('the default allow-all lets 443 in', () => {
    expect(evaluateNacl(allowAll, https)).toEqual({ allowed: true });
  });

  test('a lower-numbered deny wins over a later allow and is named', () => {
    const entries: NetworkAclEntry[] = [
      ...allowAll,
      { RuleNumber: 50, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } },
    ];
    const verdict = evaluateNacl(entries, https);
    expect(verdict.allowed).toBe(false);
    expect(verdict.denial).toMatchObject({ ruleNumber: 50, deniedCidrs: ['10.0.0.0/16'] });
  });

  test('a deny numbered after the allow changes nothing', () => {
    const entries: NetworkAclEntry[] = [
      ...allowAll,
      { RuleNumber: 200, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } },
    ];
    expect(evaluateNacl(entries, https).allowed).toBe(true);
  });

  test('an allow for half the CIDR leaves the rest to the final deny', () => {
    const entries: NetworkAclEntry[] = [
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '10.0.0.0/17', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
    ];
    const verdict = evaluateNacl(entries, https);
    expect(verdict.allowed).toBe(false);
    expect(verdict.denial).toMatchObject({ ruleNumber: 32767, deniedCidrs: ['10.0.128.0/17'] });
  });

  test('ephemeral return traffic must be allowed on every port of the range', () => {
    const entries: NetworkAclEntry[] = [
      { RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: '10.0.0.0/16', PortRange: { From: 1024, To: 32767 } },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
    ];
    const verdict = evaluateNacl(entries, { egress: true, fromPort: 1024, toPort: 65535, cidr: '10.0.0.0/16' });
    expect(verdict.allowed).toBe(false);
    expect(verdict.denial).toMatchObject({ ports: '32768-65535' });
    const widened = entries.map((entry) => (entry.RuleNumber === 100 ? { ...entry, PortRange: { From: 1024, To: 65535 } } : entry));
    expect(evaluateNacl(widened, { egress: true, fromPort: 1024, toPort: 65535, cidr: '10.0.0.0/16' }).allowed).toBe(true);
  });

  test('UDP rules do not admit TCP, and the other direction is ignored', () => {
    const entries: NetworkAclEntry[] = [
      { RuleNumber: 100, Protocol: '17', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 110, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
    ];
    expect(evaluateNacl(entries, https)).toMatchObject({ allowed: false, denial: { ruleNumber: '*' } });
  });
});
