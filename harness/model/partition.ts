/**
 * Partition facts derived from a Region name: the ARN partition, the DNS suffix of
 * service hostnames, the prefix of interface endpoint service names, the Region
 * that serves the partition's global APIs (Route 53, IAM, Organizations), and the
 * Regions of the partition crisp probes as "foreign" to a residency set.
 */

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

interface PartitionFacts {
  /** Region name prefixes of the partition. */
  prefixes: readonly string[];
  dnsSuffix: string;
  /** `com.amazonaws` on most partitions; China's endpoint services are `cn.com.amazonaws.<region>.<service>`. */
  endpointServicePrefix: string;
  globalRegion: string;
  /** Regions outside a typical residency set, one per geography, all in this partition. */
  foreignRegions: readonly string[];
}

const FACTS: Record<Partition, PartitionFacts> = {
  aws: {
    prefixes: [],
    dnsSuffix: 'amazonaws.com',
    endpointServicePrefix: 'com.amazonaws',
    globalRegion: 'us-east-1',
    foreignRegions: ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-1'],
  },
  'aws-us-gov': {
    prefixes: ['us-gov-'],
    dnsSuffix: 'amazonaws.com',
    endpointServicePrefix: 'com.amazonaws',
    globalRegion: 'us-gov-west-1',
    foreignRegions: ['us-gov-west-1', 'us-gov-east-1'],
  },
  'aws-cn': {
    prefixes: ['cn-'],
    dnsSuffix: 'amazonaws.com.cn',
    endpointServicePrefix: 'cn.com.amazonaws',
    globalRegion: 'cn-northwest-1',
    foreignRegions: ['cn-north-1', 'cn-northwest-1'],
  },
  'aws-iso': {
    prefixes: ['us-iso-'],
    dnsSuffix: 'c2s.ic.gov',
    endpointServicePrefix: 'com.amazonaws',
    globalRegion: 'us-iso-east-1',
    foreignRegions: ['us-iso-east-1', 'us-iso-west-1'],
  },
  'aws-iso-b': {
    prefixes: ['us-isob-'],
    dnsSuffix: 'sc2s.sgov.gov',
    endpointServicePrefix: 'com.amazonaws',
    globalRegion: 'us-isob-east-1',
    foreignRegions: ['us-isob-east-1'],
  },
  'aws-iso-e': {
    prefixes: ['eu-isoe-'],
    dnsSuffix: 'cloud.adc-e.uk',
    endpointServicePrefix: 'com.amazonaws',
    globalRegion: 'eu-isoe-west-1',
    foreignRegions: ['eu-isoe-west-1'],
  },
  'aws-iso-f': {
    prefixes: ['us-isof-'],
    dnsSuffix: 'csp.hci.ic.gov',
    endpointServicePrefix: 'com.amazonaws',
    globalRegion: 'us-isof-south-1',
    foreignRegions: ['us-isof-south-1', 'us-isof-east-1'],
  },
};

/** The partition a Region belongs to. */
export function partitionOf(region: string): Partition {
  for (const [partition, facts] of Object.entries(FACTS) as [Partition, PartitionFacts][]) {
    if (facts.prefixes.some((prefix) => region.startsWith(prefix))) return partition;
  }
  return 'aws';
}

/** The Region that serves the partition's global APIs (Route 53, IAM, Organizations). */
export function route53ApiRegion(partition: Partition): string {
  return FACTS[partition].globalRegion;
}

/** The DNS name of a service in a Region: `bedrock-runtime.ap-southeast-2.amazonaws.com`, `….amazonaws.com.cn` in China. */
export function serviceHostnameIn(service: string, region: string): string {
  return `${service}.${region}.${FACTS[partitionOf(region)].dnsSuffix}`;
}

/** The interface endpoint service name: `com.amazonaws.<region>.<service>`, `cn.com.amazonaws.<region>.<service>` in China. */
export function endpointServiceNameIn(service: string, region: string): string {
  return `${FACTS[partitionOf(region)].endpointServicePrefix}.${region}.${service}`;
}

/** Regions of the same partition outside a residency set, one per geography: the places a profile must not reach. */
export function foreignRegionsOf(region: string, residency: readonly string[]): string[] {
  return FACTS[partitionOf(region)].foreignRegions.filter((candidate) => !residency.includes(candidate));
}

/** The ARN of an IAM role in an account, in the partition of a Region. */
export function roleArn(account: string, name: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/${name}`;
}
