/** The lab's routing data: which profiles exist per source Region and where they route. */
import { describe, expect, test } from 'vitest';
import { RoutingFacts, RoutingFactsError } from './routing-facts.ts';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const routing = RoutingFacts.lab();

describe('the lab data', () => {
  test('AU from Auckland routes to -6, -2 and -4; from Sydney or Melbourne to -2 and -4 only', () => {
    expect(routing.destinationsOf(`au.${SONNET}`, 'ap-southeast-6')).toEqual(['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4']);
    expect(routing.destinationsOf(`au.${SONNET}`, 'ap-southeast-2')).toEqual(['ap-southeast-2', 'ap-southeast-4']);
    expect(routing.destinationsOf(`au.${HAIKU}`, 'ap-southeast-4')).toEqual(['ap-southeast-2', 'ap-southeast-4']);
  });

  test('global routes to many commercial Regions and to the Region-less model ARN', () => {
    const destinations = routing.destinationsOf(`global.${SONNET}`, 'ap-southeast-2')!;
    expect(destinations).toEqual(
      expect.arrayContaining(['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-2', '']),
    );
    expect(destinations.at(-1)).toBe('');
    const profile = routing.findProfile('111122223333', 'ap-southeast-2', `global.${SONNET}`)!;
    expect(profile.modelArns.at(-1)).toBe(`arn:aws:bedrock:::foundation-model/${SONNET}`);
    expect(profile.modelArns).toContain(`arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`);
  });

  test('US routes among us-east-1, us-east-2 and us-west-2, and exists only there', () => {
    expect(routing.destinationsOf(`us.${HAIKU}`, 'us-east-2')).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(routing.destinationsOf(`us.${HAIKU}`, 'ap-southeast-2')).toBeUndefined();
  });

  test('a profile ARN is accepted only for its own source Region', () => {
    const arn = `arn:aws:bedrock:ap-southeast-6:111122223333:inference-profile/au.${SONNET}`;
    expect(routing.destinationsOf(arn, 'ap-southeast-6')).toEqual(['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4']);
    expect(routing.destinationsOf(arn, 'ap-southeast-2')).toBeUndefined();
    expect(routing.destinationsOf('arn:aws:bedrock:ap-southeast-6::foundation-model/x', 'ap-southeast-6')).toBeUndefined();
  });

  test('profiles carry the account and source Region in their ARNs; a Region the data does not list has none', () => {
    const profiles = routing.profilesFor('111122223333', 'ap-southeast-6');
    expect(profiles.map((profile) => profile.id)).toEqual([`au.${HAIKU}`, `au.${SONNET}`, `global.${HAIKU}`, `global.${SONNET}`]);
    expect(profiles[1]).toMatchObject({
      arn: `arn:aws:bedrock:ap-southeast-6:111122223333:inference-profile/au.${SONNET}`,
      name: 'AU Anthropic Claude Sonnet 4.5',
      description: 'Routes requests to Anthropic Claude Sonnet 4.5 in ap-southeast-6, ap-southeast-2 and ap-southeast-4.',
      modelArns: ['ap-southeast-6', 'ap-southeast-2', 'ap-southeast-4'].map((region) => `arn:aws:bedrock:${region}::foundation-model/${SONNET}`),
    });
    expect(routing.profilesFor('111122223333', 'eu-central-1')).toEqual([]);
    expect(routing.sourceRegions()).toEqual(['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6', 'eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2']);
  });
});

describe('validation', () => {
  const valid = {
    models: [{ modelId: 'm', provider: 'P', name: 'M', releasedAt: '2025-01-01T00:00:00Z', geographies: ['au'] }],
    geographies: [{ prefix: 'au', label: 'AU', regionlessModelArn: false, destinationsBySourceRegion: { 'ap-southeast-2': ['ap-southeast-2'] } }],
  };

  test('accepts well-formed data', () => {
    expect(RoutingFacts.fromData(valid).destinationsOf('au.m', 'ap-southeast-2')).toEqual(['ap-southeast-2']);
  });

  test.each([
    ['an unknown geography prefix', { ...valid, geographies: [{ ...valid.geographies[0], prefix: 'mars' }] }],
    ['a model offered where no routing exists', { ...valid, models: [{ ...valid.models[0], geographies: ['us'] }] }],
    ['a malformed Region', { ...valid, geographies: [{ ...valid.geographies[0], destinationsBySourceRegion: { 'ap-southeast-2': ['Sydney'] } }] }],
    ['an empty destination list', { ...valid, geographies: [{ ...valid.geographies[0], destinationsBySourceRegion: { 'ap-southeast-2': [] } }] }],
  ])('refuses %s', (_, data) => {
    expect(() => RoutingFacts.fromData(data)).toThrow(RoutingFactsError);
  });
});
