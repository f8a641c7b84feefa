/**
 * IPv4 addresses and CIDR blocks as integer intervals, with the set operations
 * coverage questions need ("does the union of these rules admit all of that subnet?").
 */

/** An inclusive range of IPv4 addresses as unsigned 32-bit integers. */
export interface Ipv4Range {
  start: number;
  end: number;
}

/** Parses a dotted quad; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an integer as a dotted quad. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Parsed CIDRs by text. Path checks ask about the same few thousand blocks for every
 * suite instance (a hub route table with one route per app VPC), so each is parsed once.
 */
const parsedCidrs = new Map<string, Readonly<Ipv4Range> | null>();
const MAX_PARSED_CIDRS = 100_000;

/** Parses `a.b.c.d/n` into the range it covers (frozen: the result is shared); undefined when malformed. */
export function parseCidr(cidr: string): Readonly<Ipv4Range> | undefined {
  const known = parsedCidrs.get(cidr);
  if (known !== undefined) return known ?? undefined;
  const [address, bits] = cidr.split('/');
  const base = parseIpv4(address ?? '');
  const prefix = Number(bits);
  let range: Readonly<Ipv4Range> | null = null;
  if (base !== undefined && bits !== undefined && /^\d{1,2}$/.test(bits) && prefix <= 32) {
    const size = 2 ** (32 - prefix);
    const start = Math.floor(base / size) * size;
    range = Object.freeze({ start, end: start + size - 1 });
  }
  if (parsedCidrs.size >= MAX_PARSED_CIDRS) parsedCidrs.clear();
  parsedCidrs.set(cidr, range);
  return range ?? undefined;
}

/** The prefix length of a CIDR (32 when absent). */
export function prefixLength(cidr: string): number {
  const bits = cidr.split('/')[1];
  return bits === undefined ? 32 : Number(bits);
}

/** True when `outer` contains every address of `inner`. */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when the IP lies in the CIDR. */
export function cidrContainsIp(cidr: string, ip: string): boolean {
  const range = parseCidr(cidr);
  const address = parseIpv4(ip);
  return range !== undefined && address !== undefined && range.start <= address && address <= range.end;
}

/** The private (RFC 1918) ranges. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => parseCidr(cidr)!);

/** True for an RFC 1918 address. */
export function isPrivateIpv4(ip: string): boolean {
  const address = parseIpv4(ip);
  return address !== undefined && PRIVATE_RANGES.some((range) => range.start <= address && address <= range.end);
}

/** A set of addresses kept as sorted, disjoint, non-adjacent ranges. */
export class Ipv4Set {
  readonly ranges: readonly Ipv4Range[];

  private constructor(ranges: Ipv4Range[]) {
    this.ranges = ranges;
  }

  static empty(): Ipv4Set {
    return new Ipv4Set([]);
  }

  static of(...ranges: Ipv4Range[]): Ipv4Set {
    return Ipv4Set.empty().union(ranges);
  }

  static fromCidrs(cidrs: readonly string[]): Ipv4Set {
    return Ipv4Set.of(...cidrs.map((cidr) => parseCidr(cidr)).filter((range): range is Ipv4Range => range !== undefined));
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** This set plus the given ranges. */
  union(extra: readonly Ipv4Range[]): Ipv4Set {
    const sorted = [...this.ranges, ...extra].sort((a, b) => a.start - b.start);
    const merged: Ipv4Range[] = [];
    for (const range of sorted) {
      const last = merged[merged.length - 1];
      if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
      else merged.push({ ...range });
    }
    return new Ipv4Set(merged);
  }

  /** This set without the addresses of `range`. */
  subtract(range: Ipv4Range): Ipv4Set {
    const out: Ipv4Range[] = [];
    for (const own of this.ranges) {
      if (!rangesOverlap(own, range)) {
        out.push(own);
        continue;
      }
      if (own.start < range.start) out.push({ start: own.start, end: range.start - 1 });
      if (own.end > range.end) out.push({ start: range.end + 1, end: own.end });
    }
    return new Ipv4Set(out);
  }

  /** The addresses of this set that lie in `range`. */
  intersect(range: Ipv4Range): Ipv4Set {
    const out: Ipv4Range[] = [];
    for (const own of this.ranges) {
      if (rangesOverlap(own, range)) out.push({ start: Math.max(own.start, range.start), end: Math.min(own.end, range.end) });
    }
    return new Ipv4Set(out);
  }

  /** The set as the fewest CIDR blocks, for messages. */
  toCidrs(): string[] {
    const cidrs: string[] = [];
    for (const range of this.ranges) {
      let start = range.start;
      while (start <= range.end) {
        let size = 1;
        while (start % (size * 2) === 0 && start + size * 2 - 1 <= range.end && size < 2 ** 32) size *= 2;
        cidrs.push(`${formatIpv4(start)}/${32 - Math.log2(size)}`);
        start += size;
      }
    }
    return cidrs;
  }
}
