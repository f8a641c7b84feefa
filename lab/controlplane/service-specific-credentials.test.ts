/** The service-specific credential store: what it keeps, how it refuses what IAM would, and that it holds no secret. */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../harness/model/errors.ts';
import { ServiceSpecificCredentialStore, type NewServiceSpecificCredential } from './service-specific-credentials.ts';

const ACCOUNT = '111122223333';
const BASE: NewServiceSpecificCredential = {
  account: ACCOUNT,
  userName: 'bedrock-proxy-commercial',
  serviceName: 'bedrock.amazonaws.com',
  createDate: new Date('2026-01-10T08:30:15.750Z'),
};

describe('ServiceSpecificCredentialStore', () => {
  test('add keeps metadata only, to the second, with defaults and an IAM-shaped id', () => {
    const store = new ServiceSpecificCredentialStore();
    const added = store.add(BASE);
    expect(added).toEqual({
      id: expect.stringMatching(/^ACCA[A-Z0-9]{16}$/),
      account: ACCOUNT,
      partition: 'aws',
      userName: 'bedrock-proxy-commercial',
      serviceName: 'bedrock.amazonaws.com',
      serviceUserName: expect.stringMatching(/^BedrockAPIKey-[a-z0-9]{4}-at-111122223333$/),
      status: 'Active',
      createDate: new Date('2026-01-10T08:30:15Z'),
    });
    expect(JSON.stringify(added)).not.toMatch(/password|secret/i);
    expect(store.add(BASE).id).not.toBe(added.id);
  });

  test('list filters by account, partition, user and service, oldest first; clear forgets everything', () => {
    const store = new ServiceSpecificCredentialStore();
    const later = store.add({ ...BASE, createDate: new Date('2026-02-01T00:00:00Z') });
    const earlier = store.add({ ...BASE, createDate: new Date('2025-11-01T00:00:00Z'), expirationDate: new Date('2026-11-01T00:00:00Z') });
    const gov = store.add({ ...BASE, partition: 'aws-us-gov' });
    store.add({ ...BASE, account: '444455556666' });
    store.add({ ...BASE, userName: 'someone-else', serviceName: 'codecommit.amazonaws.com' });
    const ids = (query: Parameters<ServiceSpecificCredentialStore['list']>[0]) => store.list(query).map((credential) => credential.id);
    expect(ids({ account: ACCOUNT, partition: 'aws', userName: BASE.userName })).toEqual([earlier.id, later.id]);
    expect(store.list({ account: ACCOUNT, partition: 'aws', userName: BASE.userName })[0]?.expirationDate).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(ids({ account: ACCOUNT, partition: 'aws-us-gov' })).toEqual([gov.id]);
    expect(ids({ account: ACCOUNT, partition: 'aws', serviceName: 'codecommit.amazonaws.com' })).toHaveLength(1);
    expect(ids({ account: ACCOUNT, partition: 'aws' })).toHaveLength(3);
    // Copies: changing one changes nothing stored.
    store.list({ account: ACCOUNT, partition: 'aws-us-gov' })[0]!.status = 'Inactive';
    expect(store.list({ account: ACCOUNT, partition: 'aws-us-gov' })[0]?.status).toBe('Active');
    store.clear();
    expect(ids({ account: ACCOUNT, partition: 'aws' })).toEqual([]);
  });

  test('refuses what IAM would never hold', () => {
    const store = new ServiceSpecificCredentialStore();
    expect(() => store.add({ ...BASE, account: '1234' })).toThrow(InputError);
    expect(() => store.add({ ...BASE, userName: 'has space' })).toThrow(InputError);
    expect(() => store.add({ ...BASE, serviceName: 's3.amazonaws.com' as never })).toThrow(InputError);
    expect(() => store.add({ ...BASE, createDate: new Date(Number.NaN) })).toThrow(InputError);
    expect(() => store.add({ ...BASE, expirationDate: new Date('2025-01-01T00:00:00Z') })).toThrow(InputError);
  });
});
