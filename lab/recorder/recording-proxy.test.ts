/**
 * The recorder in front of a real moto (and the pager): recorded answers come back
 * unchanged in replay, whatever moto holds by then; a request never recorded is
 * forwarded; and a paginated read replays page by page although each read takes a
 * new snapshot in the pager.
 */
import { CreateVpcCommand, DescribeSubnetsCommand, DescribeVpcsCommand, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AwsClients } from '../../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../../harness/estate/moto-server.ts';
import { CallLog } from '../../harness/model/call-log.ts';
import { startSmallPagesProxy, type SmallPagesProxy } from '../pager/small-pages-proxy.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

const ACCOUNT = '111111111111';
const REGION = 'ap-southeast-6';
let moto: MotoServer;
let pager: SmallPagesProxy;
let recorder: RecordingProxy;
let direct: AwsClients;
let recorded: AwsClients;

beforeAll(async () => {
  moto = await startMotoServer();
  pager = await startSmallPagesProxy(moto.endpoint, 2);
  recorder = await startRecordingProxy(pager.endpoint);
  direct = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  recorded = new AwsClients({ kind: 'moto', endpoint: recorder.endpoint }, new CallLog());
  for (const cidr of ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16'])
    await direct.ec2(ACCOUNT, REGION).send(new CreateVpcCommand({ CidrBlock: cidr }));
});

afterAll(async () => {
  direct?.destroy();
  recorded?.destroy();
  await recorder?.stop();
  await pager?.stop();
  await moto?.stop();
});

const vpcIds = async (clients: AwsClients) => {
  const ids: string[] = [];
  for await (const page of paginateDescribeVpcs({ client: clients.ec2(ACCOUNT, REGION) }, {})) ids.push(...page.Vpcs!.map((vpc) => vpc.VpcId!));
  return ids;
};

test('a recorded paginated read replays page by page, unchanged, whatever moto holds since', async () => {
  const first = await vpcIds(recorded);
  expect(first).toHaveLength(5);
  expect(recorder.counts.forwarded).toBe(3);
  recorder.setMode('replay');
  await direct.ec2(ACCOUNT, REGION).send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16' }));
  expect(await vpcIds(direct)).toHaveLength(6);
  expect(await vpcIds(recorded)).toEqual(first);
  expect(recorder.counts).toEqual({ replayed: 3, forwarded: 0 });
});

test('a request never recorded is forwarded (and recorded)', async () => {
  recorder.setMode('replay');
  const subnets = await recorded.ec2(ACCOUNT, REGION).send(new DescribeSubnetsCommand({}));
  expect(subnets.Subnets!.length).toBeGreaterThan(0);
  expect(recorder.counts.forwarded).toBeGreaterThan(0);
  // Another account is another request.
  const other = await recorded.ec2('222222222222', REGION).send(new DescribeVpcsCommand({}));
  expect(other.Vpcs!.map((vpc) => vpc.IsDefault)).toEqual([true]);
});
