/**
 * Caller identification across accounts: asked concurrently, judged in account order. A client
 * that cannot even be made for one account (no credentials for it) is that account's error,
 * never the run's crash; an unreachable target stops at the first account. The clients here
 * are crisp's own factory refusing, which no emulator can show; the happy path runs on moto
 * in test/account-identity.test.ts.
 */
import { expect, test } from 'vitest';
import type { CollectContext } from './context.ts';
import { identifyCallers } from './sts.ts';

const request = (account: string) => ({ kind: 'ec2.vpcs', account, region: 'ap-southeast-2' }) as never;

function contextWith(sts: (account: string) => { send: () => Promise<unknown> }): CollectContext {
  return { clients: { sts } as never, targetKind: 'aws', targetLabel: 'aws', progress: () => {} };
}

test('one account without a client is its own error; the others are identified', async () => {
  const context = contextWith((account) => {
    if (account === '222222222222') throw new Error('no credentials configured for account 222222222222');
    return { send: async () => ({ Account: account, Arn: `arn:aws:iam::${account}:role/reader` }) };
  });
  const result = await identifyCallers(context, [request('333333333333'), request('111111111111'), request('222222222222')]);
  expect(result.unreachable).toBeUndefined();
  expect(result.identities).toEqual([
    { account: '111111111111', arn: 'arn:aws:iam::111111111111:role/reader' },
    { account: '222222222222', error: expect.stringContaining('no credentials configured for account 222222222222') },
    { account: '333333333333', arn: 'arn:aws:iam::333333333333:role/reader' },
  ]);
});

test('an unreachable target is said once, at the first account', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const context = contextWith(() => ({ send: async () => Promise.reject(refused) }));
  const result = await identifyCallers(context, [request('111111111111'), request('222222222222')]);
  expect(result.unreachable).toMatch(/cannot reach aws: ECONNREFUSED/);
  expect(result.identities).toEqual([{ account: '111111111111', error: result.unreachable }]);
});
