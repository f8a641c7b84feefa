/** openTarget: every kind that reads its data plane from the target file gets it, real AWS included. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CallLog } from '../model/call-log.ts';
import { openTarget } from './open.ts';
import { targetSchema } from './schema.ts';

test.each([
  ['aws', {}],
  ['moto', { endpoint: 'http://127.0.0.1:1' }],
  ['localstack', { endpoint: 'http://127.0.0.1:1' }],
])('a %s target carries its dataPlane and CA bundle into the run', async (kind, extra) => {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-open-'));
  await writeFile(join(dir, 'ca.pem'), 'PEM');
  const dataPlane = { vantage: 'inside-app-vpc', connect: { '10.1.0.37:443': '127.0.0.1:8443' }, connectOnly: true, caFile: 'ca.pem' };
  const target = targetSchema.parse({ kind, ...extra, dataPlane });
  // Opening makes clients only; nothing is dialled until a check collects.
  const opened = await openTarget(target, { callLog: new CallLog(), progress: () => {}, targetFile: join(dir, 'target.yaml') });
  try {
    expect(opened.dataPlane).toEqual(dataPlane);
    expect(opened.caPem).toBe('PEM');
  } finally {
    await opened.close();
  }
});

test('LocalStack tags after 4.14.0 and moving tags need an auth token; 4.14.0 and earlier do not', async () => {
  const { needsAuthToken } = await import('./localstack.ts');
  expect(['localstack/localstack:4.14.0', 'localstack/localstack:4.5', 'localstack/localstack:3.8.1'].map(needsAuthToken)).toEqual([false, false, false]);
  expect(
    ['localstack/localstack:4.14.1', 'localstack/localstack:4.15', 'localstack/localstack:latest', 'localstack/localstack:5.0.0'].map(needsAuthToken),
  ).toEqual([true, true, true, true]);
});
