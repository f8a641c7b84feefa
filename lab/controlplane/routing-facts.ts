/**
 * The routing facts the lab's Bedrock control plane serves: which system-defined
 * inference profiles exist for a source Region, and where each may run
 * inference. The facts are data (inference-profiles.json), validated here once.
 */
import { z } from 'zod';
import { partitionOf } from '../../harness/model/partition.ts';
import { foundationModelArn, GEOGRAPHIES, profileArn } from '../../harness/policy/cris.ts';
import inferenceProfilesJson from './inference-profiles.json' with { type: 'json' };

const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a Region name such as ap-southeast-2');

const factsSchema = z
  .object({
    models: z
      .array(
        z.object({
          modelId: z.string().min(1),
          provider: z.string().min(1),
          name: z.string().min(1),
          releasedAt: z.iso.datetime(),
          geographies: z.array(z.enum(GEOGRAPHIES)).min(1),
        }),
      )
      .min(1),
    geographies: z.array(
      z.object({
        prefix: z.enum(GEOGRAPHIES),
        label: z.string().min(1),
        /** Global profiles are also authorised on arn:<partition>:bedrock:::foundation-model/<model>. */
        regionlessModelArn: z.boolean(),
        destinationsBySourceRegion: z.record(regionName, z.array(regionName).min(1)),
      }),
    ),
  })
  .superRefine((facts, context) => {
    const known = new Set(facts.geographies.map((geography) => geography.prefix));
    for (const model of facts.models)
      for (const geography of model.geographies)
        if (!known.has(geography)) context.addIssue({ code: 'custom', message: `${model.modelId} names geography ${geography}, which has no routing` });
  });

type Facts = z.infer<typeof factsSchema>;

/** A geography's routing of one model from one source Region. */
interface Route {
  id: string;
  geography: Facts['geographies'][number];
  model: Facts['models'][number];
  /** The Regions as the data lists them. */
  regions: string[];
  /** regions, plus '' for the Region-less model ARN where the geography has one. */
  destinations: string[];
}

/** One system-defined inference profile as seen from one (account, source Region). */
export interface SystemInferenceProfile {
  /** `<geo>.<model-id>`, e.g. `au.anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  id: string;
  /** arn:<partition>:bedrock:<source>:<account>:inference-profile/<id> */
  arn: string;
  /** e.g. `AU Anthropic Claude Sonnet 4.5`. */
  name: string;
  description: string;
  geography: (typeof GEOGRAPHIES)[number];
  modelId: string;
  account: string;
  sourceRegion: string;
  /** Where inference may run; '' stands for the Region-less model ARN of a global profile. */
  destinations: string[];
  /** One foundation-model ARN per destination, in the same order. */
  modelArns: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Thrown when inference-profiles.json (or data given to fromData) is not valid routing data. */
export class RoutingFactsError extends Error {
  override name = 'RoutingFactsError';
}

/** The routing table, queried per (account, source Region). Immutable once built. */
export class RoutingFacts {
  readonly #facts: Facts;

  private constructor(facts: Facts) {
    this.#facts = facts;
  }

  /** Validates routing data shaped like inference-profiles.json. */
  static fromData(data: unknown): RoutingFacts {
    const parsed = factsSchema.safeParse(data);
    if (!parsed.success) throw new RoutingFactsError(`invalid routing facts: ${z.prettifyError(parsed.error)}`);
    return new RoutingFacts(parsed.data);
  }

  /** The lab's routing facts (lab/controlplane/inference-profiles.json). */
  static lab(): RoutingFacts {
    return RoutingFacts.fromData(inferenceProfilesJson);
  }

  /** Source Regions that have at least one profile. */
  sourceRegions(): string[] {
    return [...new Set(this.#facts.geographies.flatMap((geography) => Object.keys(geography.destinationsBySourceRegion)))].sort();
  }

  /** Every system-defined profile callable from the source Region, sorted by id; none for a Region the data does not list. */
  profilesFor(account: string, sourceRegion: string): SystemInferenceProfile[] {
    return this.#routesFrom(sourceRegion).map(({ id, geography, model, regions, destinations }) => {
      return {
        id,
        arn: profileArn(id, sourceRegion, account),
        name: `${geography.label} ${model.provider} ${model.name}`,
        description: describeRouting(`${model.provider} ${model.name}`, regions, geography.regionlessModelArn),
        geography: geography.prefix,
        modelId: model.modelId,
        account,
        sourceRegion,
        destinations,
        modelArns: destinations.map((region) => foundationModelArn(model.modelId, region, partitionOf(sourceRegion))),
        createdAt: new Date(model.releasedAt),
        updatedAt: new Date(model.releasedAt),
      };
    });
  }

  /**
   * The profile an identifier names, as GetInferenceProfile resolves it: a profile id,
   * or the exact profile ARN of this account and source Region.
   */
  findProfile(account: string, sourceRegion: string, identifier: string): SystemInferenceProfile | undefined {
    return this.profilesFor(account, sourceRegion).find((profile) => profile.id === identifier || profile.arn === identifier);
  }

  /**
   * The Regions a profile called from the source Region may run inference in ('' = the
   * Region-less model ARN); undefined when unknown. An ARN must name that source Region;
   * its account is not checked.
   */
  destinationsOf(profileIdOrArn: string, sourceRegion: string): string[] | undefined {
    const id = profileIdOf(profileIdOrArn, sourceRegion);
    return this.#routesFrom(sourceRegion).find((route) => route.id === id)?.destinations;
  }

  /** One route per (geography, model offered there) with routing from the source Region, sorted by profile id. */
  #routesFrom(sourceRegion: string): Route[] {
    const routes: Route[] = [];
    for (const geography of this.#facts.geographies) {
      const regions = geography.destinationsBySourceRegion[sourceRegion];
      if (!regions) continue;
      const destinations = geography.regionlessModelArn ? [...regions, ''] : [...regions];
      for (const model of this.#facts.models.filter((candidate) => candidate.geographies.includes(geography.prefix)))
        routes.push({ id: `${geography.prefix}.${model.modelId}`, geography, model, regions, destinations });
    }
    return routes.sort((a, b) => a.id.localeCompare(b.id));
  }
}

const PROFILE_ARN = /^arn:[a-z-]+:bedrock:([a-z0-9-]+):\d{12}:inference-profile\/(.+)$/;

/** The profile id an identifier names: itself, or the id inside an inference-profile ARN of the source Region. */
function profileIdOf(profileIdOrArn: string, sourceRegion: string): string | undefined {
  if (!profileIdOrArn.startsWith('arn:')) return profileIdOrArn;
  const [, region, id] = PROFILE_ARN.exec(profileIdOrArn) ?? [];
  return region === sourceRegion ? id : undefined;
}

/** In the style of Bedrock's descriptions: "Routes requests to Anthropic Claude Sonnet 4.5 in ap-southeast-2 and ap-southeast-4." */
function describeRouting(model: string, regions: string[], global: boolean): string {
  if (global) return `Routes requests to ${model} globally across all supported AWS commercial Regions.`;
  const listed = regions.length > 1 ? `${regions.slice(0, -1).join(', ')} and ${regions.at(-1)}` : regions.join('');
  return `Routes requests to ${model} in ${listed}.`;
}
