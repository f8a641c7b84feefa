import type { SecurityGroup } from '../model/aws-shapes.ts';
import { describe, expect, test } from 'vitest';
import { admittedAddresses, uncoveredPart } from './security-groups.ts';

const group = (rules: SecurityGroup['IpPermissions']): SecurityGroup => ({ GroupId: 'sg-1', IpPermissions: rules });

describe('security group coverage', () => {
  test('the union of rules across groups can cover a subnet that no single rule covers', () => {
    const groups = [
      group([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/21' }] }]),
      group([{ IpProtocol: 'tcp', FromPort: 400, ToPort: 500, IpRanges: [{ CidrIp: '10.0.8.0/21' }] }]),
    ];
    const { admitted } = admittedAddresses(groups, 443);
    expect(uncoveredPart(admitted, '10.0.0.0/20').isEmpty()).toBe(true);
    expect(uncoveredPart(admitted, '10.0.16.0/20').toCidrs()).toEqual(['10.0.16.0/20']);
  });

  test('other ports and protocols admit nothing; all-traffic admits 443', () => {
    expect(
      admittedAddresses([group([{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }])], 443).admitted.isEmpty(),
    ).toBe(true);
    expect(admittedAddresses([group([{ IpProtocol: 'udp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }])], 443).admitted.isEmpty()).toBe(
      true,
    );
    expect(admittedAddresses([group([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }])], 443).admitted.toCidrs()).toEqual(['10.0.0.0/16']);
  });

  test('group references are reported as unresolved, never counted as coverage', () => {
    const { admitted, unresolved } = admittedAddresses(
      [group([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-app' }] }])],
      443,
    );
    expect(admitted.isEmpty()).toBe(true);
    expect(unresolved).toEqual(['sg-1 allows sg-app']);
  });

  test('a reference the resolver could not read carries its reason', () => {
    const groups: SecurityGroup[] = [
      {
        GroupId: 'sg-1',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-1' }], UserIdGroupPairs: [{ GroupId: 'sg-2' }] }],
      },
    ];
    const resolver = { prefixList: () => ({ unresolved: 'ec2.prefixListEntries: AccessDenied' }), group: () => ({ unresolved: 'sg-2 is in no listing' }) };
    expect(admittedAddresses(groups, 443, resolver).unresolved).toEqual([
      'sg-1 allows sg-2 (sg-2 is in no listing)',
      'sg-1 allows pl-1 (ec2.prefixListEntries: AccessDenied)',
    ]);
  });

  test('prefix lists and group references count with what they resolve to; unknown ones stay unresolved', () => {
    const groups = [
      group([
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-app' }, { PrefixListId: 'pl-unknown' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-workload' }, { GroupId: 'sg-far' }] },
      ]),
    ];
    const resolver = {
      prefixList: (id: string) => (id === 'pl-app' ? ['10.0.0.0/20'] : undefined),
      group: (pair: { GroupId?: string }) =>
        pair.GroupId === 'sg-workload' ? { cidrs: ['10.0.16.5/32'] } : { cidrs: [], note: 'a reference across an inter-Region peering admits nothing' },
    };
    const { admitted, unresolved, notes } = admittedAddresses(groups, 443, resolver);
    expect(admitted.toCidrs()).toEqual(['10.0.0.0/20', '10.0.16.5/32']);
    expect(unresolved).toEqual(['sg-1 allows pl-unknown']);
    expect(notes).toEqual(['sg-1 allows sg-far: a reference across an inter-Region peering admits nothing']);
  });
});
