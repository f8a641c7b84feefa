/** Longest-prefix routing over whole ranges: each part of a destination is judged by its own winning route. */
import { describe, expect, test } from 'vitest';
import type { RouteTable } from '../model/aws-shapes.ts';
import { routeFor, routeSegments } from './routes.ts';

const table = (routes: RouteTable['Routes']): RouteTable => ({ RouteTableId: 'rtb-1', Routes: routes });

describe('routeSegments', () => {
  test('one route covering the whole destination is one segment', () => {
    const { segments } = routeSegments(table([{ DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1' }]), '10.1.1.0/24');
    expect(segments).toEqual([{ cidrs: ['10.1.1.0/24'], route: expect.objectContaining({ VpcPeeringConnectionId: 'pcx-1' }), matched: '10.1.0.0/16' }]);
  });

  test('a more specific route over part of the destination splits it', () => {
    const { segments } = routeSegments(
      table([
        { DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1' },
        { DestinationCidrBlock: '10.1.1.0/26', NatGatewayId: 'nat-1' },
      ]),
      '10.1.1.0/24',
    );
    expect(segments.map((segment) => [segment.cidrs, segment.route?.NatGatewayId ?? segment.route?.VpcPeeringConnectionId])).toEqual([
      [['10.1.1.0/26'], 'nat-1'],
      [['10.1.1.64/26', '10.1.1.128/25'], 'pcx-1'],
    ]);
    expect(
      routeFor(
        table([
          { DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1' },
          { DestinationCidrBlock: '10.1.1.0/26', NatGatewayId: 'nat-1' },
        ]),
        '10.1.1.0/24',
      ),
    ).toBeUndefined();
  });

  test('a part no route covers is a segment without a route', () => {
    const { segments } = routeSegments(table([{ DestinationCidrBlock: '10.1.0.0/25', VpcPeeringConnectionId: 'pcx-1' }]), '10.1.0.0/24');
    expect(segments).toEqual([{ cidrs: ['10.1.0.0/25'], route: expect.anything(), matched: '10.1.0.0/25' }, { cidrs: ['10.1.0.128/25'] }]);
  });

  test('prefix-list destinations count with their entries; a CIDR route wins a tie; unknown lists are reported', () => {
    const routes = table([
      { DestinationPrefixListId: 'pl-1', TransitGatewayId: 'tgw-1' },
      { DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1' },
      { DestinationPrefixListId: 'pl-unknown', GatewayId: 'igw-1' },
    ]);
    const { segments, unresolvedPrefixLists } = routeSegments(routes, '10.1.0.0/24', new Map([['pl-1', ['10.1.0.0/16', '10.1.0.0/28']]]));
    expect(unresolvedPrefixLists).toEqual(['pl-unknown']);
    expect(segments.map((segment) => [segment.cidrs, segment.route?.TransitGatewayId ?? segment.route?.VpcPeeringConnectionId])).toEqual([
      [['10.1.0.0/28'], 'tgw-1'],
      [['10.1.0.16/28', '10.1.0.32/27', '10.1.0.64/26', '10.1.0.128/25'], 'pcx-1'],
    ]);
  });
});
