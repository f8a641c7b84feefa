/**
 * Secrets Manager collector: one secret's metadata (DescribeSecret). The value is
 * never read — crisp holds no permission for GetSecretValue and calls nothing
 * that returns one.
 */
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { CollectContext } from './context.ts';
import type { ObservationRequest, SecretView } from '../model/observations.ts';

/** DescribeSecret for one secret id (name or ARN). A secret without KmsKeyId is encrypted with the AWS-managed aws/secretsmanager key. */
export async function collectSecretsManager(context: CollectContext, request: ObservationRequest<'secretsmanager.secret'>): Promise<SecretView> {
  if (request.kind !== 'secretsmanager.secret') throw new Error(`no Secrets Manager collector for ${request.kind}`);
  const secretId = request.args?.secretId;
  if (!secretId) throw new Error('secretsmanager.secret needs args.secretId');
  const secret = await context.clients.secretsManager(request.account, request.region).send(new DescribeSecretCommand({ SecretId: secretId }));
  const days = secret.RotationRules?.AutomaticallyAfterDays;
  return {
    arn: secret.ARN ?? '',
    name: secret.Name ?? secretId,
    ...(secret.KmsKeyId ? { kmsKeyId: secret.KmsKeyId } : {}),
    rotationEnabled: secret.RotationEnabled === true,
    ...(secret.LastChangedDate ? { lastChangedDate: secret.LastChangedDate.toISOString() } : {}),
    ...(secret.LastRotatedDate ? { lastRotatedDate: secret.LastRotatedDate.toISOString() } : {}),
    // A schedule expression alone leaves no day count (moto then reports 0): no number is better than a wrong one.
    ...(days !== undefined && days > 0 ? { rotationDays: days } : {}),
  };
}
