/**
 * Route 53 Profiles collector: the profiles associated with a VPC, and the
 * resources (hosted zones, Resolver rules) each delivers to it — paged, asked in
 * the VPC's account and Region. Emulators without the API report "target lacks".
 */
import type { ObservationCatalog, ObservationRequest, ProfileAssociation, ProfileResource } from '../model/observations.ts';
import type { CollectContext } from './context.ts';

type ProfilesKind = Extract<keyof ObservationCatalog, `route53profiles.${string}`>;

/** Every page of a list operation, collecting one field. */
async function pages<T>(fetch: (nextToken: string | undefined) => Promise<Record<string, unknown>>, field: string): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    items.push(...((page[field] as T[] | undefined) ?? []));
    nextToken = typeof page.NextToken === 'string' && page.NextToken ? page.NextToken : undefined;
  } while (nextToken);
  return items;
}

/** Collects one Route 53 Profiles observation. */
export async function collectRoute53Profiles<K extends ProfilesKind>(context: CollectContext, request: ObservationRequest<K>): Promise<ObservationCatalog[K]> {
  const client = context.clients.route53Profiles(request.account, request.region);
  if (request.kind === 'route53profiles.vpcAssociations') {
    const vpcId = request.args?.vpcId ?? '';
    const associations = await pages<Record<string, string>>(
      (nextToken) => client.get('ListProfileAssociations', '/profileassociations', { resourceId: vpcId, maxResults: '100', nextToken }),
      'ProfileAssociations',
    );
    return associations.map((association): ProfileAssociation => ({
      id: association.Id ?? '',
      profileId: association.ProfileId ?? '',
      vpcId: association.ResourceId ?? '',
      ...(association.Status ? { status: association.Status } : {}),
      ...(association.OwnerId ? { ownerId: association.OwnerId } : {}),
    })) as ObservationCatalog[K];
  }
  const profileId = request.args?.profileId ?? '';
  const resources = await pages<Record<string, string>>(
    (nextToken) =>
      client.get('ListProfileResourceAssociations', `/profileresourceassociations/profileid/${encodeURIComponent(profileId)}`, {
        maxResults: '100',
        nextToken,
      }),
    'ProfileResourceAssociations',
  );
  return resources.map((resource): ProfileResource => ({
    profileId,
    resourceArn: resource.ResourceArn ?? '',
    resourceType: resource.ResourceType ?? '',
    ...(resource.Name ? { name: resource.Name } : {}),
    ...(resource.Status ? { status: resource.Status } : {}),
  })) as ObservationCatalog[K];
}
