/**
 * Which account crisp reads is never a guess: an `aws` target that lists its
 * accounts refuses a suite naming another (exit 2, before any call), and
 * credentials that reach another account than the one asked for make every
 * observation of that account an error naming both — against moto, with a
 * client set whose STS answers for the wrong account, as a misconfigured
 * profile or role would.
 */
import { z } from 'zod';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defineCheck } from '../harness/checks/define.ts';
import { runChecks } from '../harness/engine/engine.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { CallLog } from '../harness/model/call-log.ts';
import { InputError } from '../harness/model/errors.ts';
import type { ObservationRequest } from '../harness/model/observations.ts';

const vpcsOf = (account: string): ObservationRequest<'ec2.vpcs'> => ({ kind: 'ec2.vpcs', account, region: 'ap-southeast-2' });

/** A check that lists the VPCs of the accounts it is given, and passes on whatever it reads. */
const lister = defineCheck({
  id: 'test.lists-vpcs',
  title: 'Lists VPCs',
  severity: 'info',
  rationale: 'r',
  remediation: 'r',
  params: z.object({ accounts: z.array(z.string()) }),
  needs: (params) => params.accounts.map(vpcsOf),
  evaluate: (observations, params) =>
    params.accounts.map((account) => ({
      status: 'pass' as const,
      resource: { type: 'AWS::EC2::VPC', id: account },
      message: `${observations.get(vpcsOf(account)).length} VPCs`,
    })),
});
const instance = (accounts: string[]) => ({ check: lister, params: { accounts }, guard: false, suite: 't', location: { file: 't.yaml' } });

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

test('an aws target that lists its accounts refuses an account it does not list, before any call', async () => {
  const callLog = new CallLog();
  const clients = new AwsClients({ kind: 'aws', accounts: { '111111111111': { profile: 'app' } } }, callLog);
  const run = runChecks([instance(['111111111111', '222222222222'])], { clients, targetKind: 'aws', targetLabel: 'production', progress: () => {} });
  await expect(run).rejects.toThrow(InputError);
  await expect(run).rejects.toThrow('no credentials configured for account 222222222222 in production: add it under accounts: in the target file');
  expect(callLog.counts()).toEqual([]);
  // Without an accounts map the default chain serves one account, and the identity check guards it.
  expect(new AwsClients({ kind: 'aws', accounts: {} }, callLog).unconfiguredAccounts(['222222222222'])).toEqual([]);
});

test('credentials that reach another account make its observations errors naming both; other accounts are read', async () => {
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  // A profile for 222222222222 that actually signs in to 999999999999.
  const signedInAs = (account: string) => (account === '222222222222' ? '999999999999' : account);
  const misconfigured = {
    unconfiguredAccounts: (accounts: Iterable<string>) => clients.unconfiguredAccounts(accounts),
    sts: (account: string, region: string) => clients.sts(signedInAs(account), region),
    ec2: (account: string, region: string) => clients.ec2(signedInAs(account), region),
  } as unknown as AwsClients;
  const outcome = await runChecks([instance(['111111111111']), instance(['222222222222'])], {
    clients: misconfigured,
    targetKind: 'moto',
    targetLabel: 'moto',
    progress: () => {},
  });
  clients.destroy();
  expect(outcome.identities.find((identity) => identity.account === '222222222222')).toMatchObject({
    error: expect.stringContaining('the credentials configured for account 222222222222 reach account 999999999999'),
  });
  const byAccount = Object.fromEntries(outcome.findings.map((finding) => [finding.resource.account ?? finding.resource.id, finding]));
  expect(byAccount['111111111111']).toMatchObject({ status: 'pass' });
  expect(byAccount['222222222222']).toMatchObject({ status: 'error', message: expect.stringContaining('reach account 999999999999') });
});
