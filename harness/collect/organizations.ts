/**
 * Organizations collector: the account's path root → OUs → account, with the
 * SCPs and RCPs attached at every level and their documents. The management
 * account is found with DescribeOrganization (no extra variable) and the path
 * is read from it, as AWS requires. An account outside any organization has no
 * levels: no SCP or RCP applies to it.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  paginateListPoliciesForTarget,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import type { CollectContext } from './context.ts';
import { drain } from './drain.ts';
import type { ObservationRequest, OrganizationMembership, OrganizationPath } from '../model/observations.ts';

type Level = OrganizationPath['scpLevels'][number];

async function listAll(client: OrganizationsClient, targetId: string, filter: PolicyType): Promise<{ id: string; name: string }[]> {
  const policies = await drain(paginateListPoliciesForTarget({ client }, { TargetId: targetId, Filter: filter }), (page) => page.Policies);
  return policies.map((policy) => ({ id: policy.Id!, name: policy.Name! }));
}

/** The organization an account belongs to: one DescribeOrganization call. */
export async function collectMembership(context: CollectContext, request: ObservationRequest<'organizations.membership'>): Promise<OrganizationMembership> {
  try {
    const organization = await context.clients.organizations(request.account, request.region).send(new DescribeOrganizationCommand({}));
    return {
      account: request.account,
      inOrganization: true,
      ...(organization.Organization?.Id ? { id: organization.Organization.Id } : {}),
      ...(organization.Organization?.MasterAccountId ? { managementAccount: organization.Organization.MasterAccountId } : {}),
    };
  } catch (error) {
    if ((error as Error).name === 'AWSOrganizationsNotInUseException') return { account: request.account, inOrganization: false };
    throw error;
  }
}

/** Dispatches the Organizations observation kinds. */
export async function collectOrganizations(context: CollectContext, request: ObservationRequest): Promise<unknown> {
  return request.kind === 'organizations.membership'
    ? collectMembership(context, request as ObservationRequest<'organizations.membership'>)
    : collectOrganizationPath(context, request as ObservationRequest<'organizations.path'>);
}

/** Collects the organization path of one account. */
export async function collectOrganizationPath(context: CollectContext, request: ObservationRequest<'organizations.path'>): Promise<OrganizationPath> {
  const own = context.clients.organizations(request.account, request.region);
  let managementAccount: string;
  let organizationId: string | undefined;
  try {
    const organization = await own.send(new DescribeOrganizationCommand({}));
    managementAccount = organization.Organization!.MasterAccountId!;
    organizationId = organization.Organization?.Id;
  } catch (error) {
    if ((error as Error).name === 'AWSOrganizationsNotInUseException') return { account: request.account, inOrganization: false, scpLevels: [], rcpLevels: [] };
    throw error;
  }
  const management = context.clients.organizations(managementAccount, request.region);
  // Walk up from the account to the root; then read it root first.
  const path: string[] = [request.account];
  for (let child = request.account; ;) {
    const parents = await management.send(new ListParentsCommand({ ChildId: child }));
    const parent = parents.Parents?.[0];
    if (!parent?.Id) break;
    path.unshift(parent.Id);
    if (parent.Type === 'ROOT') break;
    child = parent.Id;
  }
  const documents = new Map<string, unknown>();
  const documentOf = async (policyId: string) => {
    if (!documents.has(policyId)) {
      const policy = await management.send(new DescribePolicyCommand({ PolicyId: policyId }));
      documents.set(policyId, JSON.parse(policy.Policy?.Content ?? '{"Statement":[]}'));
    }
    return documents.get(policyId);
  };
  const levels = async (filter: PolicyType): Promise<Level[]> => {
    const result: Level[] = [];
    for (const id of path) {
      const attached = await listAll(management, id, filter);
      const policies = [];
      for (const policy of attached) policies.push({ ...policy, document: await documentOf(policy.id) });
      result.push({ id, policies });
    }
    return result;
  };
  return {
    account: request.account,
    inOrganization: true,
    managementAccount,
    ...(organizationId ? { organizationId } : {}),
    scpLevels: await levels('SERVICE_CONTROL_POLICY'),
    rcpLevels: await levels('RESOURCE_CONTROL_POLICY'),
  };
}
