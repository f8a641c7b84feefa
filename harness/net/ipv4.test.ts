import { describe, expect, test } from 'vitest';
import { cidrContainsIp, formatIpv4, Ipv4Set, isPrivateIpv4, parseCidr, parseIpv4 } from './ipv4.ts';

describe('ipv4', () => {
  test('parses addresses and CIDRs, normalising host bits', () => {
    expect(parseIpv4('10.1.2.3')).toBe(0x0a010203);
    expect(parseIpv4('256.0.0.1')).toBeUndefined();
    expect(parseIpv4('10.1.2')).toBeUndefined();
    expect(formatIpv4(0x0a010203)).toBe('10.1.2.3');
    expect(parseCidr('10.0.5.7/16')).toEqual({ start: parseIpv4('10.0.0.0'), end: parseIpv4('10.0.255.255') });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('0.0.0.0/0')).toEqual({ start: 0, end: 2 ** 32 - 1 });
  });

  test('knows private ranges and containment', () => {
    expect(isPrivateIpv4('172.20.1.1')).toBe(true);
    expect(isPrivateIpv4('172.32.0.1')).toBe(false);
    expect(isPrivateIpv4('52.95.1.1')).toBe(false);
    expect(cidrContainsIp('10.1.0.0/20', '10.1.15.255')).toBe(true);
    expect(cidrContainsIp('10.1.0.0/20', '10.1.16.0')).toBe(false);
  });

  test('set algebra: two halves cover the whole, a gap shows as CIDRs', () => {
    const halves = Ipv4Set.fromCidrs(['10.0.0.0/17', '10.0.128.0/17']);
    expect(halves.toCidrs()).toEqual(['10.0.0.0/16']);
    const whole = Ipv4Set.of(parseCidr('10.0.0.0/16')!);
    expect(whole.subtract(parseCidr('10.0.0.0/17')!).toCidrs()).toEqual(['10.0.128.0/17']);
    expect(whole.subtract(parseCidr('10.0.0.0/24')!).toCidrs()).toEqual([
      '10.0.1.0/24',
      '10.0.2.0/23',
      '10.0.4.0/22',
      '10.0.8.0/21',
      '10.0.16.0/20',
      '10.0.32.0/19',
      '10.0.64.0/18',
      '10.0.128.0/17',
    ]);
    expect(whole.intersect(parseCidr('10.1.0.0/16')!).isEmpty()).toBe(true);
    expect(Ipv4Set.fromCidrs(['0.0.0.0/0']).toCidrs()).toEqual(['0.0.0.0/0']);
  });
});
