/**
 * Shared, valid inputs the bad-input cases start from: an unreachable moto target (no
 * emulator needed: the run is judged incomplete, exit 3, and still writes everything),
 * vars, a run's results and its evidence pack, shard result folders, and keys.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519Pair, runInProcess } from './harness.ts';
import { ROOT } from '../support/cli.ts';

export const CONNECTIVITY = join(ROOT, 'suites/bedrock-private-connectivity.yaml');

export const VARS = {
  app_account_id: '111111111111',
  app_region: 'ap-southeast-6',
  app_vpc_id: 'vpc-0a',
  endpoint_account_id: '222222222222',
  endpoint_region: 'ap-southeast-2',
  endpoint_vpc_id: 'vpc-0b',
};

/** Builds the fixtures into `dir`. */
export async function buildFixtures(dir: string): Promise<void> {
  // Port 1 on loopback: nothing listens, so every connection is refused at once.
  await writeFile(join(dir, 'moto.yaml'), 'kind: moto\nendpoint: http://127.0.0.1:1\n');
  await writeFile(join(dir, 'vars.json'), JSON.stringify(VARS));
  const keys = ed25519Pair();
  await writeFile(join(dir, 'signing.pem'), keys.privatePem);
  await writeFile(join(dir, 'signing.pub.pem'), keys.publicPem);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  await writeFile(join(dir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await writeFile(join(dir, 'rsa.pub.pem'), rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const base = ['run', CONNECTIVITY, '--target', join(dir, 'moto.yaml'), '--vars', join(dir, 'vars.json')];
  const runs: string[][] = [
    [...base, '--out', join(dir, 'results'), '--check', 'network.peering-active', '--evidence', join(dir, 'pack'), '--signing-key', join(dir, 'signing.pem')],
    [...base, '--out', join(dir, 'shard-1'), '--check', 'network.*', '--shard', '1/2'],
    [...base, '--out', join(dir, 'shard-2'), '--check', 'network.*', '--shard', '2/2'],
    [...base, '--out', join(dir, 'shard-1-of-3'), '--check', 'network.*', '--shard', '1/3'],
  ];
  for (const args of runs) {
    const outcome = await runInProcess(args);
    // Unreachable: incomplete (3), reports and pack written all the same.
    if (outcome.code !== 3) throw new Error(`fixture run ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr}`);
  }
}
