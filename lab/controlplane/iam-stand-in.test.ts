/**
 * The IAM stand-in, spoken to by the real SDK client with moto behind it:
 * ListServiceSpecificCredentials from the store (ages, filters, pages, IAM's errors,
 * partitions and accounts apart), every other action forwarded to moto — and crisp's
 * own collector reading it as a lab target's `endpoints: { iam }`.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  InvalidInputException,
  ListAccessKeysCommand,
  ListServiceSpecificCredentialsCommand,
  NoSuchEntityException,
  ServiceNotSupportedException,
  type ListServiceSpecificCredentialsCommandInput,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectServiceSpecificCredentials } from '../../harness/collect/iam.ts';
import { AwsClients } from '../../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { CallLog } from '../../harness/model/call-log.ts';
import { IAM_NAMESPACE } from './iam-query.ts';
import { ServiceSpecificCredentialStore, startIamStandIn, type ServiceSpecificCredential } from './iam-stand-in.ts';
import type { LoopbackServer } from './loopback-server.ts';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const USER = 'bedrock-proxy-commercial';
const GOV = 'us-gov-west-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

let moto: MotoServer;
let standIn: LoopbackServer;
const store = new ServiceSpecificCredentialStore();
const clients: IAMClient[] = [];
let old: ServiceSpecificCredential;
let young: ServiceSpecificCredential;
let codecommit: ServiceSpecificCredential;

/** An IAM client for one account and Region, the way crisp builds one for a moto target; `endpoint` defaults to the stand-in. */
function iam(region = 'us-east-1', account = ACCOUNT, endpoint = standIn.endpoint): IAMClient {
  const client = new IAMClient({ region, endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  clients.push(client);
  return client;
}

async function list(input: ListServiceSpecificCredentialsCommandInput, region = 'us-east-1', account = ACCOUNT) {
  return iam(region, account).send(new ListServiceSpecificCredentialsCommand(input));
}

beforeAll(async () => {
  moto = await startMotoServer();
  standIn = await startIamStandIn({ motoEndpoint: moto.endpoint, credentials: store });
  await iam().send(new CreateUserCommand({ UserName: USER }));
  await iam().send(new CreateUserCommand({ UserName: 'no-keys' }));
  young = store.add({ account: ACCOUNT, userName: USER, serviceName: 'bedrock.amazonaws.com', createDate: daysAgo(2), expirationDate: daysAgo(-28) });
  old = store.add({ account: ACCOUNT, userName: USER, serviceName: 'bedrock.amazonaws.com', createDate: daysAgo(120), status: 'Inactive' });
  codecommit = store.add({ account: ACCOUNT, userName: USER, serviceName: 'codecommit.amazonaws.com', createDate: daysAgo(10) });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await standIn?.stop();
  await moto?.stop();
});

describe('ListServiceSpecificCredentials', () => {
  test("lists a user's credentials of two ages, oldest first, in the SDK's ServiceSpecificCredentialMetadata shape", async () => {
    const answer = await list({ UserName: USER });
    expect(answer.IsTruncated).toBe(false);
    expect(answer.ServiceSpecificCredentials).toEqual([
      {
        UserName: USER,
        Status: 'Inactive',
        ServiceUserName: old.serviceUserName,
        CreateDate: old.createDate,
        ServiceSpecificCredentialId: old.id,
        ServiceName: 'bedrock.amazonaws.com',
      },
      {
        UserName: USER,
        Status: 'Active',
        ServiceUserName: codecommit.serviceUserName,
        CreateDate: codecommit.createDate,
        ServiceSpecificCredentialId: codecommit.id,
        ServiceName: 'codecommit.amazonaws.com',
      },
      {
        UserName: USER,
        Status: 'Active',
        ServiceUserName: young.serviceUserName,
        CreateDate: young.createDate,
        ExpirationDate: young.expirationDate,
        ServiceSpecificCredentialId: young.id,
        ServiceName: 'bedrock.amazonaws.com',
      },
    ]);
    const ages = answer.ServiceSpecificCredentials!.map((credential) => Math.round((Date.now() - credential.CreateDate!.getTime()) / DAY_MS));
    expect(ages).toEqual([120, 10, 2]);
    expect(old.id).toMatch(/^ACCA[A-Z0-9]{16}$/);
    expect(old.serviceUserName).toMatch(new RegExp(`^BedrockAPIKey-[a-z0-9]{4}-at-${ACCOUNT}$`));
    expect(codecommit.serviceUserName).toBe(`${USER}-at-${ACCOUNT}`);
    // A user with none: an empty list, not an error.
    expect((await list({ UserName: 'no-keys' })).ServiceSpecificCredentials).toEqual([]);
  });

  test('filters by ServiceName; a service without service-specific credentials is NotSupportedService', async () => {
    const bedrock = await list({ UserName: USER, ServiceName: 'bedrock.amazonaws.com' });
    expect(bedrock.ServiceSpecificCredentials?.map((credential) => credential.ServiceSpecificCredentialId)).toEqual([old.id, young.id]);
    const codeCommit = await list({ UserName: USER, ServiceName: 'codecommit.amazonaws.com' });
    expect(codeCommit.ServiceSpecificCredentials?.map((credential) => credential.ServiceSpecificCredentialId)).toEqual([codecommit.id]);
    expect((await list({ UserName: USER, ServiceName: 'cassandra.amazonaws.com' })).ServiceSpecificCredentials).toEqual([]);
    await expect(list({ UserName: USER, ServiceName: 's3.amazonaws.com' })).rejects.toBeInstanceOf(ServiceNotSupportedException);
  });

  test('an unknown user is NoSuchEntity, as moto knows its users', async () => {
    await expect(list({ UserName: 'nobody' })).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  test('pages with MaxItems and an opaque Marker bound to its query; AllUsers lists the account', async () => {
    const first = await list({ UserName: USER, MaxItems: 2 });
    expect(first.ServiceSpecificCredentials?.map((credential) => credential.ServiceSpecificCredentialId)).toEqual([old.id, codecommit.id]);
    expect(first.IsTruncated).toBe(true);
    const second = await list({ UserName: USER, MaxItems: 2, Marker: first.Marker });
    expect(second.ServiceSpecificCredentials?.map((credential) => credential.ServiceSpecificCredentialId)).toEqual([young.id]);
    expect(second).toMatchObject({ IsTruncated: false });
    expect(second.Marker).toBeUndefined();
    await expect(list({ UserName: USER, ServiceName: 'bedrock.amazonaws.com', Marker: first.Marker })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(list({ UserName: USER, Marker: 'not-a-marker' })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(list({ UserName: USER, MaxItems: 0 })).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(list({ UserName: USER, AllUsers: true })).rejects.toBeInstanceOf(InvalidInputException);
    expect((await list({ AllUsers: true, ServiceName: 'bedrock.amazonaws.com' })).ServiceSpecificCredentials).toHaveLength(2);
    // No UserName: the caller's own — moto's caller is the account root, which has none.
    expect((await list({})).ServiceSpecificCredentials).toEqual([]);
  });

  test('answers XML in the IAM namespace with a RequestId, and never a password or secret', async () => {
    // What the SDK sends, less the signature neither moto nor the stand-in checks: moto picks IAM from the scope.
    const SIGNED_FORM = {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
      'x-moto-account-id': ACCOUNT,
    };
    const response = await fetch(standIn.endpoint, {
      method: 'POST',
      headers: SIGNED_FORM,
      body: new URLSearchParams({ Action: 'ListServiceSpecificCredentials', Version: '2010-05-08', UserName: USER }),
    });
    const xml = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(xml).toContain(
      `<ListServiceSpecificCredentialsResponse xmlns="${IAM_NAMESPACE}"><ListServiceSpecificCredentialsResult><ServiceSpecificCredentials><member>`,
    );
    expect(xml).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/ListServiceSpecificCredentialsResponse>$/);
    expect(xml).toContain(`<CreateDate>${old.createDate.toISOString().replace('.000Z', 'Z')}</CreateDate>`);
    expect(xml).not.toMatch(/Password|Secret/);
    const missing = await fetch(standIn.endpoint, {
      method: 'POST',
      headers: SIGNED_FORM,
      body: new URLSearchParams({ Action: 'ListServiceSpecificCredentials', Version: '2010-05-08', UserName: 'nobody' }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(
      new RegExp(
        `<ErrorResponse xmlns="${IAM_NAMESPACE}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name nobody cannot be found.</Message></Error><RequestId>`,
      ),
    );
    // Unsigned, moto would not even take it for IAM: the user cannot be confirmed, so no list is made up.
    const unsigned = await fetch(standIn.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-moto-account-id': ACCOUNT },
      body: new URLSearchParams({ Action: 'ListServiceSpecificCredentials', Version: '2010-05-08', UserName: USER }),
    });
    expect(unsigned.status).toBe(500);
    expect(await unsigned.text()).toContain('<Type>Receiver</Type><Code>ServiceFailure</Code>');
  });
});

describe('forwarded to moto', () => {
  test('CreateUser, CreateAccessKey and ListAccessKeys work through the stand-in, and land in moto', async () => {
    const client = iam();
    const created = await client.send(new CreateUserCommand({ UserName: 'forwarded' }));
    expect(created.User?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/forwarded`);
    const key = await client.send(new CreateAccessKeyCommand({ UserName: 'forwarded' }));
    expect(key.AccessKey).toMatchObject({ UserName: 'forwarded', Status: 'Active' });
    const listed = await client.send(new ListAccessKeysCommand({ UserName: 'forwarded' }));
    expect(listed.AccessKeyMetadata?.map((metadata) => metadata.AccessKeyId)).toEqual([key.AccessKey?.AccessKeyId]);
    // Straight from moto, without the stand-in: the same user.
    expect((await iam('us-east-1', ACCOUNT, moto.endpoint).send(new GetUserCommand({ UserName: 'forwarded' }))).User?.UserId).toBe(created.User?.UserId);
    // moto's own errors come back unchanged.
    await expect(client.send(new ListAccessKeysCommand({ UserName: 'nobody' }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});

describe('partitions and accounts apart', () => {
  test('a us-gov-west-1 client reaches GovCloud IAM state only, through both moto and the store', async () => {
    const gov = iam(GOV);
    const created = await gov.send(new CreateUserCommand({ UserName: 'gov-proxy' }));
    expect(created.User?.Arn).toBe(`arn:aws-us-gov:iam::${ACCOUNT}:user/gov-proxy`);
    // moto keeps the GovCloud user from the commercial partition…
    await expect(iam().send(new GetUserCommand({ UserName: 'gov-proxy' }))).rejects.toBeInstanceOf(NoSuchEntityException);
    // …and the stand-in keeps the GovCloud credential from it, even for a same-named commercial user.
    const govKey = store.add({
      account: ACCOUNT,
      partition: 'aws-us-gov',
      userName: 'gov-proxy',
      serviceName: 'bedrock.amazonaws.com',
      createDate: daysAgo(1),
    });
    expect((await list({ UserName: 'gov-proxy' }, GOV)).ServiceSpecificCredentials?.map((credential) => credential.ServiceSpecificCredentialId)).toEqual([
      govKey.id,
    ]);
    await expect(list({ UserName: 'gov-proxy' })).rejects.toBeInstanceOf(NoSuchEntityException);
    await iam().send(new CreateUserCommand({ UserName: 'gov-proxy' }));
    expect((await list({ UserName: 'gov-proxy' })).ServiceSpecificCredentials).toEqual([]);
    // The commercial user's credentials are not GovCloud's either.
    await gov.send(new CreateUserCommand({ UserName: USER }));
    expect((await list({ UserName: USER }, GOV)).ServiceSpecificCredentials).toEqual([]);
  });

  test('another account sees neither the user nor its credentials', async () => {
    await expect(list({ UserName: USER }, 'us-east-1', OTHER_ACCOUNT)).rejects.toBeInstanceOf(NoSuchEntityException);
    await iam('us-east-1', OTHER_ACCOUNT).send(new CreateUserCommand({ UserName: USER }));
    expect((await list({ UserName: USER }, 'us-east-1', OTHER_ACCOUNT)).ServiceSpecificCredentials).toEqual([]);
  });
});

describe("crisp's collector through the stand-in", () => {
  test('iam.serviceSpecificCredentials reads the keys (ids cut to four characters) instead of target-lacks', async () => {
    const crispClients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint, endpoints: { iam: standIn.endpoint } }, new CallLog());
    try {
      const context = { clients: crispClients, targetKind: 'moto' as const, targetLabel: 'moto', progress: () => {} };
      const observed = await collectServiceSpecificCredentials(context, {
        kind: 'iam.serviceSpecificCredentials',
        account: ACCOUNT,
        region: 'us-east-1',
        args: { userName: USER },
      });
      expect(observed).toEqual({
        user: USER,
        credentials: [old, codecommit, young].map((credential) => ({
          idSuffix: credential.id.slice(-4),
          serviceName: credential.serviceName,
          status: credential.status,
          createDate: credential.createDate.toISOString(),
          ...(credential.expirationDate ? { expirationDate: credential.expirationDate.toISOString() } : {}),
        })),
      });
    } finally {
      crispClients.destroy();
    }
  });
});
