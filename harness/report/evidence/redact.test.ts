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

test('a key naming a secret keeps its identifier, and numbers and flags are never secrets', () => {
  const vars = {
    secret_id: 'proxy/commercial-bedrock',
    SecretArn: 'arn:aws-us-gov:secretsmanager:us-gov-west-1:333333333333:secret:proxy-AbCdEf',
    bedrock_credential_user: 'bedrock-proxy-commercial',
    max_credential_age_days: 90,
    rotate_secrets: true,
    api_token: 'opaque-value',
    secret_name: 'AKIAIOSFODNN7EXAMPLE',
  };
  expect(redact(vars)).toEqual({
    secret_id: 'proxy/commercial-bedrock',
    SecretArn: 'arn:aws-us-gov:secretsmanager:us-gov-west-1:333333333333:secret:proxy-AbCdEf',
    bedrock_credential_user: 'bedrock-proxy-commercial',
    max_credential_age_days: 90,
    rotate_secrets: true,
    api_token: '[redacted]',
    // Named like an identifier, shaped like an access key id: the shape wins.
    secret_name: '[redacted]',
  });
});
