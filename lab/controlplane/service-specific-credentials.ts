/**
 * IAM service-specific credentials — Bedrock long-term API keys among them — which
 * moto does not implement, kept in memory for the IAM stand-in to list. Each belongs
 * to a user in one (account, partition), as IAM keeps it. Only metadata is held: a
 * credential's password or ServiceCredentialSecret is never made, stored or returned.
 */
import { randomBytes } from 'node:crypto';
import { InputError } from '../../harness/model/errors.ts';
import type { Partition } from '../../harness/model/partition.ts';

/** The services IAM issues service-specific credentials for. */
export const SERVICE_SPECIFIC_CREDENTIAL_SERVICES = [
  'bedrock.amazonaws.com',
  'codecommit.amazonaws.com',
  'cassandra.amazonaws.com',
  'logs.amazonaws.com',
] as const;
export type ServiceSpecificCredentialService = (typeof SERVICE_SPECIFIC_CREDENTIAL_SERVICES)[number];

/** A credential's state: Active credentials authenticate, Inactive ones do not. */
export type ServiceSpecificCredentialStatus = 'Active' | 'Inactive';

/** What `add` needs. */
export interface NewServiceSpecificCredential {
  account: string;
  /** Default `aws`; a GovCloud user's credentials are `aws-us-gov`'s. */
  partition?: Partition;
  userName: string;
  serviceName: ServiceSpecificCredentialService;
  /** When it was made — the lab backdates a credential by choosing this. Kept to the second, as IAM does. */
  createDate: Date;
  /** Default `Active`. */
  status?: ServiceSpecificCredentialStatus;
  /** Bedrock and CloudWatch Logs API keys made with an expiry only. */
  expirationDate?: Date;
}

/** One stored credential (metadata only). */
export interface ServiceSpecificCredential {
  /** `ACCA` + 16 upper-case letters or digits, like IAM's. */
  id: string;
  account: string;
  partition: Partition;
  userName: string;
  serviceName: ServiceSpecificCredentialService;
  /** The generated user name: `BedrockAPIKey-<4>-at-<account>` for Bedrock, `<user>-at-<account>` otherwise. */
  serviceUserName: string;
  status: ServiceSpecificCredentialStatus;
  createDate: Date;
  expirationDate?: Date;
}

/** Which credentials to list: one user's, or (userName absent) every user's of the account and partition. */
export interface ServiceSpecificCredentialQuery {
  account: string;
  partition: Partition;
  userName?: string;
  serviceName?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
/** IAM's user-name pattern and length. */
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomChars(length: number, alphabet: string): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

const toSecond = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);
const isValidDate = (date: unknown): date is Date => date instanceof Date && !Number.isNaN(date.getTime());

/** The lab's service-specific credentials; pass one store to whatever provisions them and to the IAM stand-in. */
export class ServiceSpecificCredentialStore {
  readonly #credentials: ServiceSpecificCredential[] = [];

  /** Records a credential and returns it; throws InputError for an account, user, service or date IAM would refuse. */
  add(input: NewServiceSpecificCredential): ServiceSpecificCredential {
    if (!ACCOUNT_ID.test(input.account)) throw new InputError(`a service-specific credential needs a 12-digit account, not '${input.account}'`);
    if (!USER_NAME.test(input.userName)) throw new InputError(`'${input.userName}' is not a valid IAM user name`);
    if (!(SERVICE_SPECIFIC_CREDENTIAL_SERVICES as readonly string[]).includes(input.serviceName))
      throw new InputError(`IAM issues no service-specific credentials for '${input.serviceName}'`);
    if (!isValidDate(input.createDate)) throw new InputError('a service-specific credential needs a valid createDate');
    if (input.expirationDate !== undefined && (!isValidDate(input.expirationDate) || input.expirationDate <= input.createDate))
      throw new InputError('expirationDate must be a valid date after createDate');
    let id: string;
    do id = `ACCA${randomChars(16, ID_ALPHABET)}`;
    while (this.#credentials.some((credential) => credential.id === id));
    const credential: ServiceSpecificCredential = {
      id,
      account: input.account,
      partition: input.partition ?? 'aws',
      userName: input.userName,
      serviceName: input.serviceName,
      serviceUserName:
        input.serviceName === 'bedrock.amazonaws.com'
          ? `BedrockAPIKey-${randomChars(4, 'abcdefghijklmnopqrstuvwxyz0123456789')}-at-${input.account}`
          : `${input.userName}-at-${input.account}`,
      status: input.status ?? 'Active',
      createDate: toSecond(input.createDate),
      ...(input.expirationDate ? { expirationDate: toSecond(input.expirationDate) } : {}),
    };
    this.#credentials.push(credential);
    return { ...credential };
  }

  /** The matching credentials, oldest first (ties by id), as copies. */
  list(query: ServiceSpecificCredentialQuery): ServiceSpecificCredential[] {
    return this.#credentials
      .filter(
        (credential) =>
          credential.account === query.account &&
          credential.partition === query.partition &&
          (query.userName === undefined || credential.userName === query.userName) &&
          (query.serviceName === undefined || credential.serviceName === query.serviceName),
      )
      .sort((a, b) => a.createDate.getTime() - b.createDate.getTime() || (a.id < b.id ? -1 : 1))
      .map((credential) => ({ ...credential }));
  }

  /** Forgets every credential (with moto's POST /moto-api/reset, so neither outlives the other's state). */
  clear(): void {
    this.#credentials.length = 0;
  }
}
