/** The credential-shape rule, one row per case: what is flagged (and why) and what is not. */
import { describe, expect, test } from 'vitest';
import { credentialShape, isCredentialShapedName } from './credential-shapes.ts';

describe('value shapes flag whatever the name', () => {
  test.each([
    ['UPSTREAM', 'AKIAIOSFODNN7EXAMPLE', 'value looks like an AWS access key id'],
    ['CONFIG', 'key=ASIAQ3EGRTXJW7PLANTD;region=us-gov-west-1', 'value looks like an AWS access key id'],
    ['UPSTREAM', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'value looks like an AWS secret access key (40 base64 characters)'],
    ['TLS', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'value holds a PEM private key'],
    ['TLS', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=', 'value holds a PEM private key'],
    ['CA', '-----BEGIN CERTIFICATE-----\nMIIB', 'value holds a PEM block'],
    ['AUTH', 'Bearer abcdefghijklmnop', 'value is a Bearer token'],
    ['AUTH', 'Basic dXNlcjpwYXNzd29yZA==', 'value is a Basic authorization'],
    ['SESSION', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl', 'value looks like a JWT'],
    ['DATABASE_URL', 'postgres://app:hunter2@db.internal:5432/app', 'value is a URL with a password in it'],
    ['UPSTREAM_URL', 'https://api.example.com/v1?region=x&api_key=abcdef123456', 'value is a URL carrying a credential parameter'],
    ['ALERTS', 'https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'value is a Slack webhook URL'],
    ['GH', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'value has a vendor API token prefix'],
    ['LLM', 'sk-proj-abcdefghijklmnopqrstuvwx', 'value has a vendor API token prefix'],
    ['UPSTREAM', 'Zx9Kq2LmN8vB4rT6yW1eP5sD7fG3hJ0kQwErTyUiOpAs', 'value is a long high-entropy string'],
    ['UPSTREAM', 'k3J9/aQ2+xZ7mN4pL8vR1tY6wE5uI0oPs9dF2gH7jK4l', 'value is a long high-entropy string'],
    ['UPSTREAM', '0b7c1e2f3a4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f', 'value is a long hexadecimal string (a token or key?)'],
  ])('%s=%j', (name, value, reason) => {
    expect(credentialShape(name, value)).toBe(reason);
  });
});

describe('credential-sounding names flag values that are not references', () => {
  test.each([
    ['DB_PASSWORD', 'hunter2', 'name says PASSWORD and the value is not a reference'],
    ['DBPASSWORD', 'hunter2', 'name says DBPASSWORD and the value is not a reference'],
    ['clientSecret', 'abc123', 'name says SECRET and the value is not a reference'],
    ['UPSTREAM_API_KEY', 'abc-123-def', 'name says API_KEY and the value is not a reference'],
    ['partnerApiKey', 'abc-123-def', 'name says API_KEY and the value is not a reference'],
    ['AUTH_TOKEN', 'tok_1234', 'name says TOKEN and the value is not a reference'],
    ['SIGNING_KEY', 'my-signing-key', 'name says SIGNING_KEY and the value is not a reference'],
    // A number under PASSWORD is a PIN, not a count.
    ['PASSWORD', '123456', 'name says PASSWORD and the value is not a reference'],
    // A reference word at the end does not excuse a value that has a credential's shape.
    ['SECRET_ID', 'AKIAIOSFODNN7EXAMPLE', 'value looks like an AWS access key id'],
  ])('%s', (name, value, reason) => {
    expect(credentialShape(name, value)).toBe(reason);
  });
});

describe('not credentials', () => {
  test.each([
    ['SECRET_ID', 'prod/db/creds'],
    ['SECRET_ID', 'proxy-upstream'],
    ['BEDROCK_CREDENTIAL_USER', 'bedrock-proxy-commercial'],
    ['SECRET_ARN', 'arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:proxy/upstream-AbCdEf'],
    ['DB_SECRET', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'],
    ['DB_SECRET', '{{resolve:secretsmanager:prod/db}}'],
    ['PASSWORD_PARAMETER', '/prod/db/password'],
    ['TOKEN_URL', 'https://auth.example.com/oauth2/token'],
    ['API_KEY_HEADER', 'x-api-key'],
    ['MAX_TOKENS', '4096'],
    ['TOKEN_LIMIT', '200000'],
    ['TOKENIZER', 'cl100k_base'],
    ['USE_TOKEN', 'true'],
    ['DB_PASSWORD', ''],
    ['KMS_KEY_ID', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['KMS_KEY', 'alias/proxy-audit'],
    ['AUDIT_TABLE', 'audit'],
    ['AWS_REGION', 'us-gov-west-1'],
    ['BEDROCK_MODEL', 'us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0'],
    ['ENDPOINT', 'vpce-0123456789abcdef0-abcdefgh.bedrock-runtime.us-gov-west-1.vpce.amazonaws.com'],
    ['GIT_SHA', '0b7c1e2f3a4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f'],
    ['REQUEST_ID', '123e4567-e89b-12d3-a456-426614174000'],
    ['LOG_GROUP', '/aws/lambda/bedrock-proxy-production-gov'],
    ['SETTING', 'ThisIsMyApplicationSetting2024Version3Final'],
    ['HANDLER', 'com_example_bedrock_proxy_handler_v2_production'],
    ['ACCESS_LOG_FORMAT', '$context.requestId $context.identity.sourceIp'],
  ])('%s=%j', (name, value) => {
    expect(credentialShape(name, value)).toBeUndefined();
  });
});

test('reasons never quote the value', () => {
  const value = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  for (const name of ['A', 'DB_PASSWORD', 'SECRET_ID']) expect(credentialShape(name, value)).not.toContain(value.slice(0, 6));
  expect(credentialShape('DB_PASSWORD', 'hunter2')).not.toContain('hunter2');
});

test('a name shaped like a credential is recognised (the collector masks it); ordinary long names are not', () => {
  expect(isCredentialShapedName('AKIAIOSFODNN7EXAMPLE')).toBe(true);
  expect(isCredentialShapedName('wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12')).toBe(true);
  expect(isCredentialShapedName('BEDROCK_PROXY_UPSTREAM_CONNECTION_POOL_SIZE_2')).toBe(false);
  expect(isCredentialShapedName('DB_PASSWORD')).toBe(false);
});
