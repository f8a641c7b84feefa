import { expect, test } from 'vitest';
import { redact } from './redact.ts';

test('credentials, tokens and authorization headers are redacted at any depth; the rest is kept', () => {
  const target = {
    kind: 'aws',
    accounts: { '111111111111': { profile: 'network', roleArn: 'arn:aws:iam::111111111111:role/crisp' } },
    credentials: { accessKeyId: 'AKIA…', secretAccessKey: 'shh' },
    headers: [{ Authorization: 'AWS4-HMAC-SHA256 …', 'x-amz-security-token': 'tok' }],
    nested: { sessionToken: 'tok', LOCALSTACK_AUTH_TOKEN: 'ls-…', signingKey: '-----BEGIN PRIVATE KEY-----' },
  };
  expect(redact(target)).toEqual({
    kind: 'aws',
    accounts: { '111111111111': { profile: 'network', roleArn: 'arn:aws:iam::111111111111:role/crisp' } },
    credentials: '[redacted]',
    headers: [{ Authorization: '[redacted]', 'x-amz-security-token': '[redacted]' }],
    nested: { sessionToken: '[redacted]', LOCALSTACK_AUTH_TOKEN: '[redacted]', signingKey: '[redacted]' },
  });
});
