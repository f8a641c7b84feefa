/**
 * The target's `endpoints:` key: per-service endpoints that override `endpoint:`
 * for that service, in every account and Region — validated at load (known
 * service ids, http(s) URLs without credentials) and honoured on the wire.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CallLog } from '../harness/model/call-log.ts';
import { loadTarget } from '../harness/estate/loader.ts';
import { openTarget } from '../harness/estate/open.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';
import { closedPort } from '../lab/dataplane/https-stand-in.ts';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

async function targetFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-endpoints-'));
  const file = join(dir, 'target.yaml');
  await writeFile(file, text);
  return file;
}

test('an unknown service id is an input error at its line, listing the services crisp calls', async () => {
  const file = await targetFile('kind: moto\nendpoint: http://127.0.0.1:5000\nendpoints:\n  bedrok: http://127.0.0.1:5001\n');
  await expect(loadTarget(file)).rejects.toThrow(/target\.yaml:4:\d+ \(at endpoints\.bedrok\): target: .*apigateway, bedrock, cloudtrail, dynamodb, ec2/);
});

test('an endpoint URL carrying a user name or password is refused (it would reach reports)', async () => {
  const file = await targetFile('kind: aws\nendpoints:\n  sts: https://user:secret@sts.example.invalid\n');
  await expect(loadTarget(file)).rejects.toThrow(/target\.yaml:3:\d+ \(at endpoints\.sts\): target: must not carry a user name or password/);
});

test('a service named in endpoints goes there; the others go to endpoint', async () => {
  const closed = await closedPort();
  const file = await targetFile(`kind: moto\nendpoint: http://127.0.0.1:${closed.port}\nendpoints:\n  sts: ${moto.endpoint}\n`);
  const opened = await openTarget(await loadTarget(file), { callLog: new CallLog(), progress: () => {}, targetFile: file });
  try {
    const identity = await opened.clients.sts('333333333333', 'ap-southeast-2').send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('333333333333');
    await expect(opened.clients.ec2('333333333333', 'ap-southeast-2').send(new DescribeVpcsCommand({}))).rejects.toThrow(/ECONNREFUSED/);
  } finally {
    await opened.close();
    await closed.stop();
  }
});
