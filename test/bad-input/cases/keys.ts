/** Bad keys: public keys pinned for verify/replay/drift, signing keys for run --evidence — exit 2 naming the key file. */
import { FOLDER, type BadInputCase } from '../harness.ts';

const GARBAGE_PEM = '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n';

const pinned = (
  name: string,
  command: 'verify' | 'replay' | 'drift',
  key: string,
  at: string,
  says: RegExp,
  extra: Partial<BadInputCase> = {},
): BadInputCase => ({
  name: `key: ${name}`,
  category: 'key',
  args: command === 'drift' ? ['drift', '--baseline', '@fx/pack', '--current', '@fx/pack', '--public-key', key] : [command, '@fx/pack', '--public-key', key],
  at,
  says,
  ...extra,
});

const signing = (name: string, key: string, at: string, says: RegExp, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  name: `key: ${name}`,
  category: 'key',
  args: ['run', '@suite', '--target', '@fx/moto.yaml', '--vars', '@fx/vars.json', '--evidence', '@/pack', '--signing-key', key],
  at,
  says,
  ...extra,
});

export const KEY_CASES: BadInputCase[] = [
  pinned('verify --public-key with garbage', 'verify', '@/garbage.pem', '@/garbage.pem', /^not a PEM public key/, {
    files: { 'garbage.pem': 'garbage\n' },
    spawn: true,
  }),
  pinned('verify --public-key with a PEM of garbage', 'verify', '@/garbage.pem', '@/garbage.pem', /^not a PEM public key/, {
    files: { 'garbage.pem': GARBAGE_PEM },
  }),
  pinned('verify --public-key with an RSA key', 'verify', '@fx/rsa.pub.pem', '@fx/rsa.pub.pem', /^the public key is rsa, not Ed25519/),
  pinned('verify --public-key that does not exist', 'verify', '@/missing.pem', '@/missing.pem', /^cannot read the public key: ENOENT/),
  pinned('verify --public-key that is a folder', 'verify', '@/keys', '@/keys', /^cannot read the public key: it is a folder/, { files: { keys: FOLDER } }),
  pinned('verify --public-key that is empty', 'verify', '@/empty.pem', '@/empty.pem', /^not a PEM public key/, { files: { 'empty.pem': '' } }),
  pinned('verify --public-key that is a device', 'verify', '/dev/zero', '/dev/zero', /^cannot read the public key: it is a device/, { spawn: true }),
  pinned('replay --public-key with garbage', 'replay', '@/garbage.pem', '@/garbage.pem', /^not a PEM public key/, { files: { 'garbage.pem': 'garbage\n' } }),
  pinned('drift --public-key with garbage', 'drift', '@/garbage.pem', '@/garbage.pem', /^not a PEM public key/, { files: { 'garbage.pem': 'garbage\n' } }),
  {
    name: 'key: verify --fingerprint that is no fingerprint',
    category: 'key',
    args: ['verify', '@fx/pack', '--fingerprint', 'SHA256:abc'],
    says: /^crisp: --fingerprint SHA256:abc is not a key fingerprint/,
  },
  {
    name: 'key: CRISP_TRUSTED_KEYS naming a missing file',
    category: 'key',
    args: ['verify', '@fx/pack'],
    env: { CRISP_TRUSTED_KEYS: '@/missing.pem' },
    at: '@/missing.pem',
    says: /^cannot read the public key: ENOENT/,
  },
  signing('run --signing-key with garbage', '@/garbage.pem', '@/garbage.pem', /^the signing key is not a PEM private key/, {
    files: { 'garbage.pem': 'garbage\n' },
  }),
  signing('run --signing-key with a public key', '@fx/signing.pub.pem', '@fx/signing.pub.pem', /^the signing key is not a PEM private key/),
  signing('run --signing-key with an RSA key', '@fx/rsa.pem', '@fx/rsa.pem', /^the signing key is rsa, not Ed25519/),
  signing('run --signing-key that is empty (never a silent key made for the pack)', '@/empty.pem', '@/empty.pem', /^the signing key file is empty/, {
    files: { 'empty.pem': '' },
  }),
  signing('run --signing-key that does not exist', '@/missing.pem', '@/missing.pem', /^cannot read the signing key: ENOENT/),
  signing('run --signing-key that is a device', '/dev/zero', '/dev/zero', /^cannot read the signing key: it is a device/),
  {
    name: 'key: CRISP_SIGNING_KEY with garbage',
    category: 'key',
    args: ['run', '@suite', '--target', '@fx/moto.yaml', '--vars', '@fx/vars.json', '--evidence', '@/pack'],
    env: { CRISP_SIGNING_KEY: 'garbage' },
    at: 'CRISP_SIGNING_KEY',
    says: /^the signing key is not a PEM private key/,
  },
];
