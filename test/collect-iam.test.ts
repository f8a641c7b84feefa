/** The IAM collector against moto: a user's inline, managed and group policies, decoded. */
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CallLog } from '../harness/model/call-log.ts';
import { collectAuthorizationDetails } from '../harness/collect/iam.ts';
import { AwsClients } from '../harness/estate/clients.ts';
import { startMotoServer, type MotoServer } from '../harness/estate/moto-server.ts';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

test('a user gets its inline, attached and group policies (moto lacks user permission boundaries; role boundaries are covered by the lab)', async () => {
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  const iam = clients.iam('333333333333', 'ap-southeast-2');
  await iam.send(new CreateUserCommand({ UserName: 'ana', Tags: [{ Key: 'team', Value: 'ai' }] }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'ana', PolicyName: 'own', PolicyDocument: doc('bedrock:InvokeModel') }));
  const managed = await iam.send(new CreatePolicyCommand({ PolicyName: 'logs', PolicyDocument: doc('logs:*') }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'ana', PolicyArn: managed.Policy!.Arn }));
  await iam.send(new CreateGroupCommand({ GroupName: 'ml' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'ml', PolicyName: 'shared', PolicyDocument: doc('s3:GetObject') }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'ml', UserName: 'ana' }));
  const details = await collectAuthorizationDetails(
    { clients, targetKind: 'moto', targetLabel: 'moto', progress: () => {} },
    { kind: 'iam.authorizationDetails', account: '333333333333', region: 'ap-southeast-2' },
  );
  clients.destroy();
  const ana = details.principals.find((principal) => principal.name === 'ana')!;
  expect(ana).toMatchObject({ type: 'user', arn: 'arn:aws:iam::333333333333:user/ana', path: '/', tags: { team: 'ai' } });
  expect(ana.boundary).toBeUndefined();
  expect(ana.policies.map((policy) => policy.name)).toEqual(['own', 'logs', 'ml/shared']);
  expect(ana.policies[2]!.document).toMatchObject({ Statement: [{ Action: 's3:GetObject' }] });
});

test('an attached managed policy whose document the listing lacks is named unreadable, never read as empty', async () => {
  const clients = new AwsClients({ kind: 'moto', endpoint: moto.endpoint }, new CallLog());
  const iam = clients.iam('444444444444', 'ap-southeast-2');
  await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
  const deny = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'deny-direct',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'bedrock:*', Resource: '*' }] }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: deny.Policy!.Arn }));
  // moto (unlike IAM) deletes an attached policy, leaving the attachment behind: the listing names it but holds no document.
  await iam.send(new DeletePolicyCommand({ PolicyArn: deny.Policy!.Arn }));
  const details = await collectAuthorizationDetails(
    { clients, targetKind: 'moto', targetLabel: 'moto', progress: () => {} },
    { kind: 'iam.authorizationDetails', account: '444444444444', region: 'ap-southeast-2' },
  );
  clients.destroy();
  const app = details.principals.find((principal) => principal.name === 'app')!;
  expect(app.unreadablePolicies).toEqual([deny.Policy!.Arn]);
  expect(app.policies).toEqual([]);
});
