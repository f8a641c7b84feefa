/**
 * The commercial half of the proxy estate: an IAM user in the commercial account
 * that may invoke only the allowed Bedrock models, its access key (made by moto), and
 * the Bedrock long-term API key the proxy holds — a service-specific credential for
 * bedrock.amazonaws.com, which moto lacks, so it is recorded in the IAM stand-in's
 * store. IAM is split by partition, so the user is made through a client of the
 * commercial partition (us-east-1), where its ARN is `arn:aws:`.
 */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../../harness/estate/clients.ts';
import { InputError } from '../../harness/model/errors.ts';
import { partitionOf } from '../../harness/model/partition.ts';
import type { ServiceSpecificCredentialStore } from '../controlplane/service-specific-credentials.ts';
import { commercialUserPolicy } from './policies.ts';
import { NAMES } from './shape.ts';

const DAY_MS = 86_400_000;

/** What was made in the commercial account. */
export interface CommercialCredential {
  userName: string;
  userArn: string;
  /** The id of the key moto made (ListAccessKeys shows it); its secret half is never kept. */
  accessKeyId: string;
  /** When moto says the key was made: now (moto stamps keys with its own clock). */
  accessKeyCreated: Date;
  /** The Bedrock API key the proxy holds, as IAM records it (ListServiceSpecificCredentials); absent when no store was given. Never its secret. */
  bedrockApiKey?: { id: string; created: Date };
}

/** Where the Bedrock API key is recorded, and how old it is. */
export interface BedrockApiKeyOptions {
  store: ServiceSpecificCredentialStore;
  /** Its CreateDate is this many whole days before now. */
  ageDays: number;
}

/** Makes the commercial user, its Bedrock grant, one access key and (with a store) one Bedrock API key. */
export async function provisionCommercialUser(
  clients: AwsClients,
  account: string,
  region: string,
  modelIds: readonly string[],
  bedrockApiKey?: BedrockApiKeyOptions,
): Promise<CommercialCredential> {
  const partition = partitionOf(region);
  // The user is about to be made, so it can have no credential yet: any in the store outlived a moto reset.
  if (bedrockApiKey && bedrockApiKey.store.list({ account, partition, userName: NAMES.commercialUser }).length > 0)
    throw new InputError(`the credential store already holds keys of ${NAMES.commercialUser}, a user not yet made: clear the store when moto is reset`);
  const iam = clients.iam(account, region);
  const user = await iam.send(new CreateUserCommand({ UserName: NAMES.commercialUser }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: NAMES.commercialUser,
      PolicyName: NAMES.commercialUserPolicy,
      PolicyDocument: JSON.stringify(commercialUserPolicy(region, modelIds)),
    }),
  );
  // The answer carries the secret access key: only the id and date leave this function.
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: NAMES.commercialUser }));
  const apiKey = bedrockApiKey?.store.add({
    account,
    partition,
    userName: NAMES.commercialUser,
    serviceName: 'bedrock.amazonaws.com',
    createDate: new Date(Date.now() - bedrockApiKey.ageDays * DAY_MS),
  });
  return {
    userName: NAMES.commercialUser,
    userArn: user.User!.Arn!,
    accessKeyId: key.AccessKey!.AccessKeyId!,
    accessKeyCreated: key.AccessKey!.CreateDate!,
    ...(apiKey ? { bedrockApiKey: { id: apiKey.id, created: apiKey.createDate } } : {}),
  };
}
