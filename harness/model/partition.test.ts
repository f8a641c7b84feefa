/** Partition facts, per partition: ARNs, hostnames, endpoint service names and the foreign Regions a profile must not reach. */
import { describe, expect, test } from 'vitest';
import { endpointServiceNameIn, foreignRegionsOf, partitionOf, roleArn, route53ApiRegion, serviceHostnameIn } from './partition.ts';

describe('partitions', () => {
  test.each([
    ['ap-southeast-2', 'aws', 'bedrock-runtime.ap-southeast-2.amazonaws.com', 'com.amazonaws.ap-southeast-2.bedrock-runtime', 'us-east-1'],
    ['us-gov-west-1', 'aws-us-gov', 'bedrock-runtime.us-gov-west-1.amazonaws.com', 'com.amazonaws.us-gov-west-1.bedrock-runtime', 'us-gov-west-1'],
    ['cn-north-1', 'aws-cn', 'bedrock-runtime.cn-north-1.amazonaws.com.cn', 'cn.com.amazonaws.cn-north-1.bedrock-runtime', 'cn-northwest-1'],
    ['us-iso-east-1', 'aws-iso', 'bedrock-runtime.us-iso-east-1.c2s.ic.gov', 'com.amazonaws.us-iso-east-1.bedrock-runtime', 'us-iso-east-1'],
    ['us-isob-east-1', 'aws-iso-b', 'bedrock-runtime.us-isob-east-1.sc2s.sgov.gov', 'com.amazonaws.us-isob-east-1.bedrock-runtime', 'us-isob-east-1'],
  ])('%s is in %s', (region, partition, hostname, serviceName, global) => {
    expect(partitionOf(region)).toBe(partition);
    expect(serviceHostnameIn('bedrock-runtime', region)).toBe(hostname);
    expect(endpointServiceNameIn('bedrock-runtime', region)).toBe(serviceName);
    expect(route53ApiRegion(partitionOf(region))).toBe(global);
    expect(roleArn('111111111111', 'app', region)).toBe(`arn:${partition}:iam::111111111111:role/app`);
  });

  test('foreign Regions stay in the source Region’s partition: GovCloud names the other GovCloud Region, never a commercial one', () => {
    expect(foreignRegionsOf('us-gov-west-1', ['us-gov-west-1'])).toEqual(['us-gov-east-1']);
    expect(foreignRegionsOf('ap-southeast-2', ['ap-southeast-2', 'ap-southeast-4'])).toEqual(['us-east-1', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-1']);
    expect(foreignRegionsOf('cn-northwest-1', ['cn-northwest-1'])).toEqual(['cn-north-1']);
  });
});
