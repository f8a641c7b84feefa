import type { FindingDraft } from '../../model/findings.ts';
import type { KmsKeyView, Observations } from '../../model/observations.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { PolicyDocument } from '../../policy/types.ts';
import { defineCheck } from '../define.ts';
import { govPartition, govRequest, govResource, outsidersOf, proxyScopeSchema, type ProxyScope } from './proxy-scope.ts';

const secretRequest = (scope: ProxyScope) => govRequest(scope, 'secretsmanager.secret', { secretId: scope.secretId });
const tableRequest = (scope: ProxyScope) => govRequest(scope, 'dynamodb.table', { tableName: scope.auditTable });
const keyRequest = (scope: ProxyScope, keyId: string) => govRequest(scope, 'kms.key', { keyId });

/** The customer keys protecting the proxy's secret and audit table. */
function keysInUse(scope: ProxyScope, observations: Observations): string[] {
  const ids = new Set<string>();
  const secret = observations.attempt(secretRequest(scope));
  if ('data' in secret && secret.data.kmsKeyId && !/alias\/aws\//.test(secret.data.kmsKeyId)) ids.add(secret.data.kmsKeyId);
  const table = observations.attempt(tableRequest(scope));
  if ('data' in table && table.data.kmsKeyArn) ids.add(table.data.kmsKeyArn);
  return [...ids];
}

/**
 * Who outside the account the key policy lets decrypt: a role of an account it names
 * nowhere, and of every other account or organization it names — each with an
 * allow-all identity policy of its own, so the key policy alone decides.
 */
function openTo(scope: ProxyScope, key: KmsKeyView): string[] {
  if (!key.policy) return [];
  const policy = { name: `key policy of ${key.keyId}`, document: key.policy as PolicyDocument };
  const everything = [{ name: 'allow-all', document: { Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] } }];
  return outsidersOf(key.policy, scope.govAccountId, govPartition(scope))
    .filter(
      (outsider) =>
        evaluate(
          { principal: outsider.principal, action: 'kms:Decrypt', resource: key.arn, context: { ...outsider.context, 'kms:CallerAccount': outsider.account } },
          { identity: everything, resource: policy },
        ).decision === 'Allow',
    )
    .map((outsider) => outsider.label);
}

export default defineCheck({
  id: 'proxy.kms-keys-hygiene',
  title: 'The customer-managed keys of the secret and the audit table rotate, and their key policies admit no one outside the account',
  severity: 'high',
  rationale:
    'The customer-managed key is what makes the secret and the audit trail controllable: a key policy open to `*` (or another account) lets outsiders decrypt the commercial credential wherever a copy of the ciphertext goes, and unrotated key material ages past agency policy (AWS KMS Developer Guide, “Key policies” and “Rotating keys”). Judged with crisp’s IAM engine.',
  remediation:
    'Enable automatic key rotation and restrict the key policy to the account (and named roles); remove `*` principals or bind them with aws:PrincipalAccount conditions.',
  params: proxyScopeSchema,
  needs: (scope) => [secretRequest(scope), tableRequest(scope)],
  probes: (scope, observations) => keysInUse(scope, observations).map((keyId) => keyRequest(scope, keyId)),
  evaluate(observations, scope) {
    // Both readings must have succeeded: an unreadable secret or table hides a key, it does not remove one.
    observations.get(secretRequest(scope));
    observations.get(tableRequest(scope));
    const keys = keysInUse(scope, observations);
    if (keys.length === 0)
      return [
        {
          status: 'not_applicable',
          resource: govResource(scope, 'AWS::KMS::Key', 'customer keys of the proxy'),
          message: `Neither secret ${scope.secretId} nor table ${scope.auditTable} uses a customer-managed key (proxy.secret-protected and proxy.audit-table-protected report that).`,
        },
      ];
    return keys.map((keyId): FindingDraft => {
      const key = observations.get(keyRequest(scope, keyId));
      const resource = govResource(scope, 'AWS::KMS::Key', key.arn);
      // GetKeyRotationStatus refuses a key in a state such as PendingDeletion: that state is the fault; otherwise unknown is unknown.
      const unusable = key.keyState !== undefined && key.keyState !== 'Enabled';
      const rotation =
        key.keyManager !== 'CUSTOMER' || key.rotationEnabled === true
          ? []
          : key.rotationEnabled === false
            ? ['automatic rotation is off']
            : unusable
              ? [`it is ${key.keyState}, so it cannot rotate`]
              : [];
      const problems = [...rotation, ...openTo(scope, key).map((who) => `its key policy lets ${who} outside account ${scope.govAccountId} decrypt`)];
      const evidence = { keyManager: key.keyManager, keyState: key.keyState, rotationEnabled: key.rotationEnabled, policy: key.policy };
      if (problems.length > 0)
        return {
          status: 'fail',
          resource,
          message: `Key ${key.arn}: ${problems.join('; ')}.`,
          expected: 'rotating, closed to outsiders',
          actual: problems.join('; '),
          evidence,
        };
      // An unread key policy may be the one that opens the key, and unread rotation may be off: never a pass.
      const unknown = [
        ...(key.policy === undefined ? ['its key policy was not returned'] : []),
        ...(key.keyManager === 'CUSTOMER' && key.rotationEnabled === undefined ? ['its rotation status was not returned'] : []),
      ];
      if (unknown.length > 0) return { status: 'error', resource, message: `Key ${key.arn} cannot be judged: ${unknown.join('; ')}.`, evidence };
      return { status: 'pass', resource, message: `Key ${key.arn} rotates and its policy admits no one outside account ${scope.govAccountId}.`, evidence };
    });
  },
});
