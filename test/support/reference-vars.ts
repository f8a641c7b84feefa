/** Variables for every reference suite: a cross-account estate with the GovCloud proxy (no estate behind them). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The reference suites' variables for a cross-account estate with the GovCloud proxy. */
export const REFERENCE_VARS = {
  app_account_id: '111111111111',
  app_region: 'ap-southeast-6',
  app_vpc_id: 'vpc-0a0a0a0a0a0a0a0a0',
  endpoint_account_id: '222222222222',
  endpoint_region: 'ap-southeast-2',
  endpoint_vpc_id: 'vpc-0b0b0b0b0b0b0b0b0',
  account_id: '333333333333',
  principal_arns: ['arn:aws:iam::333333333333:role/app-*'],
  gov_account_id: '444444444444',
  rest_api_id: 'a1b2c3d4e5',
  stage_name: 'prod',
  function_name: 'bedrock-proxy',
  secret_id: 'bedrock-proxy/commercial-credential',
  audit_table: 'bedrock-proxy-audit',
  proxy_url: 'https://a1b2c3d4e5.execute-api.us-gov-west-1.amazonaws.com/prod',
  commercial_account_id: '555555555555',
  bedrock_credential_user: 'bedrock-proxy-commercial',
  allowed_model_ids: ['anthropic.claude-sonnet-4-5-20250929-v1:0'],
  global_profile_id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
};

/** Writes the reference vars to a temporary file (for the CLI tests). */
export async function referenceVarsFile(vars: Record<string, unknown> = REFERENCE_VARS): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crisp-policy-'));
  const file = join(dir, 'vars.json');
  await writeFile(file, JSON.stringify(vars));
  return file;
}
