import { defineCheck } from '../define.ts';
import { ageInDays, clockRequest, govRequest, govResource, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const secretRequest = (scope: ProxyScope) => govRequest(scope, 'secretsmanager.secret', { secretId: scope.secretId });
const keyRequest = (scope: ProxyScope, keyId: string) => govRequest(scope, 'kms.key', { keyId });

/** No KmsKeyId, or the alias of the AWS-managed key: encrypted with aws/secretsmanager. */
const awsManaged = (kmsKeyId: string | undefined) => !kmsKeyId || /alias\/aws\/secretsmanager$/.test(kmsKeyId);

export default defineCheck({
  id: 'proxy.secret-protected',
  title: 'The commercial credential’s secret is encrypted with a customer-managed KMS key and rotated (or changed) within the allowed age',
  severity: 'critical',
  rationale:
    'The secret is the commercial partition’s credential at rest in GovCloud. Under the AWS-managed aws/secretsmanager key its decryption cannot be restricted by a key policy or audited per key; left unrotated past the agreed age, a leaked copy stays useful (AWS Secrets Manager User Guide, “Secret encryption and decryption” and “Rotate secrets”). crisp reads DescribeSecret only — never the value.',
  remediation:
    'Re-encrypt the secret with a customer-managed key (UpdateSecret KmsKeyId) and turn rotation on, or change the credential within the allowed age.',
  params: proxyScopeSchema,
  needs: (scope) => [secretRequest(scope), clockRequest(scope)],
  probes(scope, observations) {
    const secret = observations.get(secretRequest(scope));
    return awsManaged(secret.kmsKeyId) ? [] : [keyRequest(scope, secret.kmsKeyId!)];
  },
  evaluate(observations, scope) {
    const secret = observations.get(secretRequest(scope));
    const { now } = observations.get(clockRequest(scope));
    const resource = govResource(scope, 'AWS::SecretsManager::Secret', secret.arn, secret.name);
    const problems: string[] = [];
    let keyNote = '';
    if (awsManaged(secret.kmsKeyId)) problems.push('it is encrypted with the AWS-managed key aws/secretsmanager, not a customer-managed key');
    else {
      const key = observations.get(keyRequest(scope, secret.kmsKeyId!));
      if (key.keyManager !== 'CUSTOMER') problems.push(`its key ${key.arn} is managed by ${key.keyManager}, not the customer`);
      else keyNote = `customer-managed key ${key.arn}`;
    }
    const changed = secret.lastRotatedDate ?? secret.lastChangedDate;
    const age = changed ? ageInDays(changed, now) : undefined;
    const last = age === undefined ? 'at an unknown time' : `${Math.floor(age)} days ago`;
    if (!secret.rotationEnabled && (age === undefined || age > scope.maxCredentialAgeDays))
      problems.push(`rotation is off and the credential was last changed ${last}, beyond ${scope.maxCredentialAgeDays}`);
    // Rotation switched on proves nothing while it keeps failing: the last rotation must be within the schedule (or the limit, if longer).
    const rotationLimit = Math.max(scope.maxCredentialAgeDays, secret.rotationDays ?? 0);
    if (secret.rotationEnabled && age !== undefined && age > rotationLimit)
      problems.push(
        `rotation is on, but the credential was last ${secret.lastRotatedDate ? 'rotated' : 'changed'} ${last}, beyond ${rotationLimit}: rotation is failing`,
      );
    const evidence = {
      kmsKeyId: secret.kmsKeyId,
      rotationEnabled: secret.rotationEnabled,
      lastChangedDate: secret.lastChangedDate,
      lastRotatedDate: secret.lastRotatedDate,
      rotationDays: secret.rotationDays,
    };
    if (problems.length > 0)
      return [
        {
          status: 'fail',
          resource,
          message: `Secret ${secret.arn}: ${problems.join('; ')}.`,
          expected: 'CMK, rotated within the age',
          actual: problems.join('; '),
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        resource,
        message: `Secret ${secret.arn} is encrypted with ${keyNote} and ${secret.rotationEnabled ? `rotates (last ${secret.lastRotatedDate ? 'rotated' : 'changed'} ${last})` : `was changed ${last} (within ${scope.maxCredentialAgeDays})`}.`,
        evidence,
      },
    ];
  },
});
