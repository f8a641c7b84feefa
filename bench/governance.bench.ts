/**
 * Issue 4's estate figure: the governance suite on an account with 2,000 roles
 * (every one carrying the CRIS policy), judged through a role ARN wildcard.
 * Prints the wall time and the AWS API calls per operation against the minimum.
 *
 *   node bench/governance.bench.ts [--roles N]
 */
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { parseArgs } from 'node:util';
import { CallLog } from '../harness/model/call-log.ts';
import { checkCatalog } from '../harness/checks/registry.ts';
import { profileArn } from '../harness/policy/cris.ts';
import { runChecks } from '../harness/engine/engine.ts';
import { loadSuite } from '../harness/suite/loader.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer } from '../harness/estate/moto-server.ts';
import { crisPolicy, governanceVars, MODEL_ID } from '../lab/governance.ts';
import { provisionLab } from '../lab/open-lab.ts';
import { GOVERNANCE_SUITE } from '../test/support/lab-scenario.ts';

const { values } = parseArgs({ options: { roles: { type: 'string', default: '2000' } } });
const ROLES = Number(values.roles);

const moto = await startMotoServer();
try {
  const { governance } = await provisionLab(moto.endpoint, { variant: 'cross-account', scale: 1 });
  const setup = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  const iam = setup.iam(governance.memberAccount, 'ap-southeast-6');
  const policy = JSON.stringify(
    crisPolicy({
      au: profileArn(`au.${MODEL_ID}`, 'ap-southeast-6', governance.memberAccount),
      global: profileArn(`global.${MODEL_ID}`, 'ap-southeast-6', governance.memberAccount),
    }),
  );
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const names = Array.from({ length: ROLES - 1 }, (_, index) => `app-${String(index).padStart(4, '0')}`);
  const started = performance.now();
  for (let index = 0; index < names.length; index += 16) {
    await Promise.all(
      names.slice(index, index + 16).map(async (RoleName) => {
        await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
        await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'bedrock-cris', PolicyDocument: policy }));
      }),
    );
  }
  setup.destroy();
  console.log(`provisioned ${ROLES} roles in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed below)`);

  const vars = { ...governanceVars(governance), principal_arns: [`arn:aws:iam::${governance.memberAccount}:role/app-*`, governance.roleArn] };
  const callLog = new CallLog();
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, callLog);
  const runStarted = performance.now();
  const suite = await loadSuite(GOVERNANCE_SUITE, vars, checkCatalog());
  const { findings } = await runChecks(suite.checks, { clients, targetKind: 'lab', targetLabel: 'bench', progress: () => {} });
  const wallMs = performance.now() - runStarted;
  clients.destroy();
  const judged = findings.filter((finding) => finding.checkId === 'iam.profile-only-invocation');
  const passing = judged.filter((finding) => finding.status === 'pass').length;
  console.log(`judged ${judged.length} principal × profile pairs (${passing} pass), ${findings.length} findings in ${wallMs.toFixed(0)} ms`);

  // The fewest calls: identity once; authorization details in pages of 1,000 items (roles + managed policies);
  // the org path (DescribeOrganization, one ListParents per level above the account), one
  // ListPoliciesForTarget per level and policy type, one DescribePolicy per distinct policy; Bedrock profiles once.
  const items = ROLES + 1 + 1; // roles, the lab's managed logging policy, OrganizationAccountAccessRole
  const minimum: Record<string, number> = {
    'sts:GetCallerIdentity': 1,
    'iam:GetAccountAuthorizationDetails': Math.ceil(items / 1000),
    'organizations:DescribeOrganization': 1,
    'organizations:ListParents': 3,
    'organizations:ListPoliciesForTarget': 4 * 2,
    'organizations:DescribePolicy': 3,
    'bedrock:ListInferenceProfiles': 1,
  };
  let total = 0;
  let minimumTotal = 0;
  let over = 0;
  for (const call of callLog.counts()) {
    if (call.count > (minimum[`${call.service}:${call.operation}`] ?? 0)) over += 1;
    const key = `${call.service}:${call.operation}`;
    total += call.count;
    minimumTotal += minimum[key] ?? 0;
    console.log(`  ${key.padEnd(40)} ${String(call.count).padStart(4)}  (minimum ${minimum[key] ?? '?'})`);
  }
  console.log(
    `API calls: ${total}, minimum ${minimumTotal} (AWS page sizes; moto returns every role in one page), ratio ${(total / minimumTotal).toFixed(2)}; wall time ${wallMs.toFixed(0)} ms for ${ROLES} roles (${((wallMs / ROLES) * 1000).toFixed(0)} µs per role)`,
  );
  console.log(over === 0 ? 'No operation was called more often than the minimum.' : `${over} operation(s) called more often than the minimum.`);
  process.exitCode = over === 0 ? 0 : 1;
} finally {
  await moto.stop();
}
