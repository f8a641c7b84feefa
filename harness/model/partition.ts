/** Partition facts derived from a Region name. */

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

/** The partition a Region belongs to. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** The Region that serves the global Route 53 API in a partition. */
export function route53ApiRegion(partition: Partition): string {
  switch (partition) {
    case 'aws':
      return 'us-east-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    case 'aws-cn':
      return 'cn-northwest-1';
  }
}
