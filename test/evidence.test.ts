/**
 * Evidence packs end to end: a lab run writes a signed pack that verifies and
 * replays offline to the same findings; changing one byte of any file makes
 * verify fail naming it; added and missing files are named; a pinned key that
 * is not the signer fails; secrets never reach the pack.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { MANIFEST, SIGNATURE } from '../harness/report/evidence/pack.ts';
import { replayPack } from '../harness/engine/replay.ts';
import { describeVerify, verifyPack } from '../harness/report/evidence/verify.ts';
import { ROOT, runCli } from './support/cli.ts';

let dir: string;
let pack: string;
let publicKeyFile: string;

async function filesOf(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? filesOf(root, join(prefix, entry.name)) : [join(prefix, entry.name)])));
  return nested.flat();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crisp-evidence-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = join(dir, 'signing.pem');
  publicKeyFile = join(dir, 'signing.pub.pem');
  await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const target = join(dir, 'lab.yaml');
  await writeFile(target, 'kind: lab\n');
  pack = join(dir, 'pack');
  const result = await runCli(['run', join(ROOT, 'suites'), '--target', target, '--out', join(dir, 'out'), '--evidence', pack, '--signing-key', keyFile]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`wrote evidence ${pack} and ${pack}.tar.gz, signed by SHA256:`);
}, 120_000);

describe('an intact pack', () => {
  test('verifies (folder and .tar.gz, with the pinned key) and replays to the same findings', async () => {
    const pinned = await readFile(publicKeyFile, 'utf8');
    expect((await verifyPack(pack, pinned)).intact).toBe(true);
    const archive = await runCli(['verify', `${pack}.tar.gz`, '--public-key', publicKeyFile]);
    expect(archive).toMatchObject({ code: 0, stdout: expect.stringContaining('intact') });
    const replay = await runCli(['replay', `${pack}.tar.gz`]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/verdicts match — \d+ findings re-evaluated offline equal results\.json/);
    const report = await replayPack(pack);
    expect(report.replayed).toBe(report.recorded);
    expect(report.replayed).toBeGreaterThan(60);
  });

  test('holds what an auditor needs, and no private key', async () => {
    const files = (await filesOf(pack)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        MANIFEST,
        SIGNATURE,
        'run.json',
        'observations.json',
        'results.json',
        'junit.xml',
        'report.html',
        'suites/0-bedrock-cris-governance.yaml',
        'suites/1-bedrock-cross-partition-proxy.yaml',
        'suites/2-bedrock-estate-coherence.yaml',
        'suites/3-bedrock-latency-baseline.yaml',
        'suites/4-bedrock-private-connectivity.yaml',
        'suites/5-bedrock-residency.yaml',
      ]),
    );
    const manifest = JSON.parse(await readFile(join(pack, MANIFEST), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'crisp-evidence/1',
      crispVersion: expect.any(String),
      gitCommit: expect.any(String),
      publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
      fingerprint: expect.stringMatching(/^SHA256:[0-9a-f]{64}$/),
      ephemeralKey: false,
    });
    const run = JSON.parse(await readFile(join(pack, 'run.json'), 'utf8'));
    expect(run.identities.length).toBeGreaterThan(0);
    expect(run.instances.map((instance: { vars: object }) => Object.keys(instance.vars).length).every((count: number) => count > 0)).toBe(true);
    const observations = await readFile(join(pack, 'observations.json'), 'utf8');
    expect(observations).toContain('"probe.tls@');
    expect(observations).not.toMatch(/BEGIN (EC |ED25519 )?PRIVATE KEY/);
  });
});

describe('tampering', () => {
  test('one byte changed in any file makes verify fail naming that file', async () => {
    for (const file of await filesOf(pack)) {
      const copy = await mkdtemp(join(tmpdir(), 'crisp-tamper-'));
      await cp(pack, copy, { recursive: true });
      const bytes = await readFile(join(copy, file));
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = bytes[middle]! ^ 0x01;
      await writeFile(join(copy, file), bytes);
      const lines = describeVerify(await verifyPack(copy));
      const expected = file === MANIFEST || file === SIGNATURE ? `the signature does not verify: ${MANIFEST} or ${SIGNATURE} was altered` : `altered: ${file}`;
      expect(lines, file).toContain(expected);
      await rm(copy, { recursive: true, force: true });
    }
  });

  test('added and missing files are named; the CLI exits 1; replay refuses', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'crisp-tamper-'));
    await cp(pack, copy, { recursive: true });
    await writeFile(join(copy, 'note.txt'), 'trust me');
    await rm(join(copy, 'junit.xml'));
    const result = await runCli(['verify', copy]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('added: note.txt');
    expect(result.stdout).toContain('missing: junit.xml');
    const replay = await runCli(['replay', copy]);
    expect(replay).toMatchObject({ code: 1, stdout: expect.stringContaining('refusing to re-evaluate') });
  });

  test('a pinned key that did not sign the pack fails verification', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const report = await verifyPack(pack, other);
    expect(report.intact).toBe(false);
    expect(report.keyMismatch).toMatch(/not by the pinned key/);
  });
});

describe('authenticity: who signed', () => {
  /** A copy of the pack with results.json rewritten and everything re-signed by another key, as a forger would. */
  async function forge(options: { claimFingerprint?: string } = {}): Promise<string> {
    const { createHash, generateKeyPairSync: generate, sign } = await import('node:crypto');
    const { stableJson } = await import('../harness/report/evidence/pack.ts');
    const copy = await mkdtemp(join(tmpdir(), 'crisp-forged-'));
    await cp(pack, copy, { recursive: true });
    const results = JSON.parse(await readFile(join(copy, 'results.json'), 'utf8'));
    results.findings[0].status = 'pass';
    await writeFile(join(copy, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    const manifest = JSON.parse(await readFile(join(copy, MANIFEST), 'utf8'));
    for (const file of Object.keys(manifest.files))
      manifest.files[file] = createHash('sha256')
        .update(await readFile(join(copy, file)))
        .digest('hex');
    const forger = generate('ed25519');
    manifest.publicKey = forger.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    manifest.fingerprint =
      options.claimFingerprint ??
      `SHA256:${createHash('sha256')
        .update(forger.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')}`;
    const bytes = Buffer.from(stableJson(manifest));
    await writeFile(join(copy, MANIFEST), bytes);
    await writeFile(join(copy, SIGNATURE), sign(null, bytes, forger.privateKey).toString('base64') + '\n');
    return copy;
  }

  const pinnedFingerprint = async () => JSON.parse(await readFile(join(pack, MANIFEST), 'utf8')).fingerprint as string;

  test('without a pin, verify checks integrity only and says so first', async () => {
    const result = await runCli(['verify', pack]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^crisp verify: integrity only — signer not pinned/);
  });

  test('with the signer pinned by fingerprint, verify says authentic', async () => {
    const result = await runCli(['verify', pack, '--fingerprint', await pinnedFingerprint()]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('intact and authentic') });
  });

  test('a pack edited and re-signed with a new key fails verify, replay and drift under a pin, naming the key it carries', async () => {
    const forged = await forge();
    expect((await runCli(['verify', forged])).code).toBe(0);
    const verified = await runCli(['verify', forged, '--public-key', publicKeyFile]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/the pack is signed by SHA256:[0-9a-f]{64}, not by the pinned key SHA256:/);
    const replay = await runCli(['replay', forged, '--public-key', publicKeyFile]);
    expect(replay).toMatchObject({ code: 1, stdout: expect.stringContaining('refusing to re-evaluate') });
    const drift = await runCli(['drift', '--baseline', forged, '--current', pack, '--public-key', publicKeyFile, '--out', join(dir, 'drift-forged')]);
    expect(drift.code).toBe(2);
    expect(drift.stderr).toContain('the evidence pack does not verify');
    const withEnv = await runCli(['verify', forged], { CRISP_TRUSTED_KEYS: await pinnedFingerprint() });
    expect(withEnv.code).toBe(1);
  });

  test('a pack that carries another key but claims the pinned fingerprint fails', async () => {
    const forged = await forge({ claimFingerprint: await pinnedFingerprint() });
    for (const pin of [
      ['--fingerprint', await pinnedFingerprint()],
      ['--public-key', publicKeyFile],
    ]) {
      const result = await runCli(['verify', forged, ...pin]);
      expect(result.code, pin[0]).toBe(1);
      expect(result.stdout).toContain('but carries the key');
    }
  });

  test('a garbage public key is a clear input error', async () => {
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a key');
    const result = await runCli(['verify', pack, '--public-key', garbage]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${garbage}: not a PEM public key`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
